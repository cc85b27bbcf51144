#!/usr/bin/env node
import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
import{a as $}from"../chunks/chunk-VL3JZZXN.js";import{a as A}from"../chunks/chunk-5JWHOOYQ.js";import{e as u,f as T,h as l}from"../chunks/chunk-BNBO37T4.js";import"../chunks/chunk-CGXJFW3N.js";import{d as v,e as I}from"../chunks/chunk-F2ZPU32J.js";import{e as f,f as S}from"../chunks/chunk-37P3XNCD.js";import"../chunks/chunk-UX5WKHLX.js";import"../chunks/chunk-JSJHAVOZ.js";import{a as x,b as s,c as C}from"../chunks/chunk-O57CF2CK.js";import"../chunks/chunk-3UD2Y6FZ.js";import{hostname as H}from"node:os";import{writeFileSync as D}from"node:fs";import{isAbsolute as R,relative as P,resolve as F}from"node:path";function g(r){return JSON.stringify(r,null,2)+`
`}import{parseArgs as M}from"node:util";var y=`Usage: headroom check [manifest] [options]
       headroom diff BASE_MANIFEST HEAD_MANIFEST [options]
       headroom snapshot [--host NAME] [--out FILE] [--disk PATH ...] [--format yaml|json]

check: checks that the services in a capacity manifest fit on its hosts, and with how much
room. diff: the same for HEAD_MANIFEST, compared with BASE_MANIFEST: headroom before and
after, and what changed. snapshot: records what this server has and what runs on it
(CPUs, memory, disks, systemd services, containers) for a manifest's \`snapshot:\`.

Arguments:
  manifest                 the capacity manifest (default: capacity.yml)

Options:
  --format text|markdown|json   how to print the report (default: text)
  --scenario NAME               only this scenario; repeat or separate with commas
  --fail-on fail|warn|never|regression
                                which outcome exits with status 1 (default: fail);
                                regression: only a change that makes a required
                                scenario worse than at the base
  --base REF                    (check) compare with the manifest at this git ref
  --output FILE                 also write the JSON report to FILE

Options of snapshot:
  --host NAME                   the server's name (default: this machine's host name)
  --out FILE                    write the snapshot to FILE (JSON when it ends in .json)
                                instead of printing it
  --disk PATH                   measure the file system holding PATH; repeat (default: /)
  --format yaml|json            (default: yaml, or json for a FILE ending in .json)
  --proc DIR, --cgroup DIR      read another proc and cgroup tree (default: /proc,
                                /sys/fs/cgroup)

  -h, --help                    show this help
  -v, --version                 show the version

Exit status: 0 the check passed (or only warned), 1 the check failed,
2 the input or the command line is invalid, 3 headroom itself went wrong.
`;function w(r,e,t,o){if(e===void 0)return o;if(t.includes(e))return e;throw new s(`--${r} must be one of ${t.join(", ")}; got "${e}"`)}function k(r){let e;try{e=M({args:[...r],allowPositionals:!0,strict:!0,options:{format:{type:"string"},scenario:{type:"string",multiple:!0},"fail-on":{type:"string"},output:{type:"string"},base:{type:"string"},host:{type:"string"},out:{type:"string"},disk:{type:"string",multiple:!0},proc:{type:"string"},cgroup:{type:"string"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}}})}catch(a){throw new s(a.message.replace(/\. To specify a positional argument.*$/,""))}let{values:t,positionals:o}=e;if(t.help)return{command:"help"};if(t.version)return{command:"version"};let[i,...n]=o;if(i===void 0)return{command:"help"};let d=a=>a.filter(h=>t[h]!==void 0).map(h=>`--${h}`);if(i==="snapshot"){let a=d(["scenario","fail-on","output","base"]);if(a.length>0)throw new s(`${a.join(", ")} go(es) with check and diff, not snapshot`);return N(t,n)}let m=d(["host","out","disk","proc","cgroup"]);if(m.length>0)throw new s(`${m.join(", ")} go(es) with snapshot, not ${i}`);let E={format:w("format",t.format,["text","markdown","json"],"text"),scenarios:(t.scenario??[]).flatMap(a=>a.split(",")).map(a=>a.trim()).filter(Boolean),failOn:w("fail-on",t["fail-on"],["fail","warn","never","regression"],"fail"),...t.output!==void 0?{output:t.output}:{}};if(i==="diff"){if(n.length!==2)throw new s(`diff takes two manifests, the base and the head; got ${n.length}`);if(t.base!==void 0)throw new s("--base goes with check; diff takes the base manifest as its first argument");return{command:"diff",baseManifest:n[0],manifest:n[1],...E}}if(i!=="check")throw new s(`unknown command "${i}"; the commands are "check", "diff" and "snapshot"`);if(n.length>1)throw new s(`check takes one manifest; got ${n.length}`);if(t.base!==void 0&&t.base.trim()==="")throw new s("--base needs a git ref");return{command:"check",manifest:n[0]??"capacity.yml",...E,...t.base!==void 0?{base:t.base}:{}}}function p(r,e){if(e!==void 0&&e.trim()==="")throw new s(`--${r} needs a value`);return e}function N(r,e){if(e.length>0)throw new s(`snapshot takes no arguments, only options; got "${e[0]}" (write the file with --out)`);let t=p("host",r.host);if(t!==void 0&&(/[\u0000-\u001f\u007f-\u009f]/.test(t)||t.length>253))throw new s("--host must be a name of at most 253 characters, without control characters");let o=p("out",r.out),i=w("format",r.format,["yaml","json"],o!==void 0&&/\.json$/i.test(o)?"json":"yaml"),n=(r.disk??[]).map(d=>{if(d.trim()==="")throw new s("--disk needs a path");return d});return{command:"snapshot",...t!==void 0?{host:t}:{},...o!==void 0?{out:o}:{},disks:n.length>0?n:["/"],format:i,proc:p("proc",r.proc)??"/proc",cgroup:p("cgroup",r.cgroup)??"/sys/fs/cgroup"}}function j(r,e){let t=P(r,F(r,e)).split("\\").join("/");if(R(t)||t===".."||t.startsWith("../"))throw new s(`the manifest "${e}" is outside the current directory; run headroom from a directory that contains it`);return t}var c={pass:0,failed:1,invalid:2,internal:3};async function O(r,e){let t;try{t=k(r)}catch(o){return b(o,e)}if(t.command!=="snapshot")return U(r,e);try{let{runSnapshot:o}=await import("../chunks/snapshot-EHOUZTSM.js");return await o(t,e)}catch(o){return b(o,e)}}function U(r,e){try{let t=k(r);if(t.command==="snapshot")throw new Error("snapshot runs through runCli");if(t.command==="help")return e.stdout(y),c.pass;if(t.command==="version")return e.stdout(`${S}
`),c.pass;let i={manifest:j(e.cwd,t.manifest),reader:u(e.cwd),env:e.env,scenarios:t.scenarios,now:e.now?.()??new Date},n;if(t.command==="diff"){let m=j(e.cwd,t.baseManifest);n=l(i,{ref:m,reader:u(e.cwd),manifest:m})}else if(t.base!==void 0){let m=A(e.cwd,t.base);n=l(i,{ref:`${t.base} (${m.commit.slice(0,7)})`,reader:m})}else n=T(i);let d=t.format==="json"?g(n):t.format==="markdown"?v(n):I(n);return e.stdout(d),t.output&&D(F(e.cwd,t.output),g(n)),$(n.verdict,t.failOn,n.changes?.regression)}catch(t){return b(t,e)}}function b(r,e){if(r instanceof x)return e.stderr(r.problems.map(o=>`error: ${f(C(o))}
`).join("")),r.omitted>0&&e.stderr(`error: ... and ${r.omitted} more problem(s)
`),c.invalid;if(r instanceof s)return e.stderr(`error: ${f(r.message)}

${y}`),c.invalid;let t=r;return e.stderr(`internal error: ${f(t?.message??String(r))}
This is a bug in headroom; please report it.
`),e.env.HEADROOM_DEBUG&&e.stderr(`${t?.stack??""}
`),c.internal}process.stdout.on("error",r=>{throw r.code==="EPIPE"&&process.exit(process.exitCode??0),r});O(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:r=>process.stdout.write(r),stderr:r=>process.stderr.write(r),stderrIsTTY:process.stderr.isTTY===!0,now:()=>new Date,hostname:H}).then(r=>{process.exitCode=r});
