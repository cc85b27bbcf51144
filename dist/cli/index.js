#!/usr/bin/env node
import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
import{a as $}from"../chunks/chunk-VL3JZZXN.js";import{a as A}from"../chunks/chunk-6WECVFZ5.js";import{e as u,f as T,h as l}from"../chunks/chunk-GCJI46QE.js";import"../chunks/chunk-CGXJFW3N.js";import{d as v,e as I}from"../chunks/chunk-VYUHIR25.js";import{e as f,f as S}from"../chunks/chunk-37P3XNCD.js";import"../chunks/chunk-CHATLHVF.js";import"../chunks/chunk-JSJHAVOZ.js";import{a as x,b as s,c as C}from"../chunks/chunk-O57CF2CK.js";import"../chunks/chunk-3UD2Y6FZ.js";import{hostname as H}from"node:os";import{writeFileSync as D}from"node:fs";import{isAbsolute as R,relative as P,resolve as F}from"node:path";function g(n){return JSON.stringify(n,null,2)+`
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

Exit status: 0 the check passed (or only warned; snapshot: it was written), 1 the check failed,
2 the input or the command line is invalid, 3 headroom itself went wrong.
`;function w(n,e,t,o){if(e===void 0)return o;if(t.includes(e))return e;throw new s(`--${n} must be one of ${t.join(", ")}; got "${e}"`)}function k(n){let e;try{e=M({args:[...n],allowPositionals:!0,strict:!0,options:{format:{type:"string"},scenario:{type:"string",multiple:!0},"fail-on":{type:"string"},output:{type:"string"},base:{type:"string"},host:{type:"string"},out:{type:"string"},disk:{type:"string",multiple:!0},proc:{type:"string"},cgroup:{type:"string"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}}})}catch(a){throw new s(a.message.replace(/\. To specify a positional argument.*$/,""))}let{values:t,positionals:o}=e;if(t.help)return{command:"help"};if(t.version)return{command:"version"};let[i,...r]=o;if(i===void 0)return{command:"help"};let d=a=>a.filter(h=>t[h]!==void 0).map(h=>`--${h}`);if(i==="snapshot"){let a=d(["scenario","fail-on","output","base"]);if(a.length>0)throw new s(`${a.join(", ")} go(es) with check and diff, not snapshot`);return N(t,r)}let m=d(["host","out","disk","proc","cgroup"]);if(m.length>0)throw new s(`${m.join(", ")} go(es) with snapshot, not ${i}`);let E={format:w("format",t.format,["text","markdown","json"],"text"),scenarios:(t.scenario??[]).flatMap(a=>a.split(",")).map(a=>a.trim()).filter(Boolean),failOn:w("fail-on",t["fail-on"],["fail","warn","never","regression"],"fail"),...t.output!==void 0?{output:t.output}:{}};if(i==="diff"){if(r.length!==2)throw new s(`diff takes two manifests, the base and the head; got ${r.length}`);if(t.base!==void 0)throw new s("--base goes with check; diff takes the base manifest as its first argument");return{command:"diff",baseManifest:r[0],manifest:r[1],...E}}if(i!=="check")throw new s(`unknown command "${i}"; the commands are "check", "diff" and "snapshot"`);if(r.length>1)throw new s(`check takes one manifest; got ${r.length}`);if(t.base!==void 0&&t.base.trim()==="")throw new s("--base needs a git ref");return{command:"check",manifest:r[0]??"capacity.yml",...E,...t.base!==void 0?{base:t.base}:{}}}function p(n,e){if(e!==void 0&&e.trim()==="")throw new s(`--${n} needs a value`);return e}function N(n,e){if(e.length>0)throw new s(`snapshot takes no arguments, only options; got "${e[0]}" (write the file with --out)`);let t=p("host",n.host);if(t!==void 0&&(/[\u0000-\u001f\u007f-\u009f]/.test(t)||t.length>253))throw new s("--host must be a name of at most 253 characters, without control characters");let o=p("out",n.out),i=w("format",n.format,["yaml","json"],o!==void 0&&/\.json$/i.test(o)?"json":"yaml"),r=(n.disk??[]).map(d=>{if(d.trim()==="")throw new s("--disk needs a path");return d});return{command:"snapshot",...t!==void 0?{host:t}:{},...o!==void 0?{out:o}:{},disks:r.length>0?r:["/"],format:i,proc:p("proc",n.proc)??"/proc",cgroup:p("cgroup",n.cgroup)??"/sys/fs/cgroup"}}function j(n,e){let t=P(n,F(n,e)).split("\\").join("/");if(R(t)||t===".."||t.startsWith("../"))throw new s(`the manifest "${e}" is outside the current directory; run headroom from a directory that contains it`);return t}var c={pass:0,failed:1,invalid:2,internal:3};async function O(n,e){let t;try{t=k(n)}catch(o){return b(o,e)}if(t.command!=="snapshot")return U(n,e);try{let{runSnapshot:o}=await import("../chunks/snapshot-63OOWDOL.js");return await o(t,e)}catch(o){return b(o,e)}}function U(n,e){try{let t=k(n);if(t.command==="snapshot")throw new Error("snapshot runs through runCli");if(t.command==="help")return e.stdout(y),c.pass;if(t.command==="version")return e.stdout(`${S}
`),c.pass;let i={manifest:j(e.cwd,t.manifest),reader:u(e.cwd),env:e.env,scenarios:t.scenarios,now:e.now?.()??new Date},r;if(t.command==="diff"){let m=j(e.cwd,t.baseManifest);r=l(i,{ref:m,reader:u(e.cwd),manifest:m})}else if(t.base!==void 0){let m=A(e.cwd,t.base);r=l(i,{ref:`${t.base} (${m.commit.slice(0,7)})`,reader:m})}else r=T(i);let d=t.format==="json"?g(r):t.format==="markdown"?v(r):I(r);return e.stdout(d),t.output&&D(F(e.cwd,t.output),g(r)),$(r.verdict,t.failOn,r.changes?.regression)}catch(t){return b(t,e)}}function b(n,e){if(n instanceof x)return e.stderr(n.problems.map(o=>`error: ${f(C(o))}
`).join("")),n.omitted>0&&e.stderr(`error: ... and ${n.omitted} more problem(s)
`),c.invalid;if(n instanceof s)return e.stderr(`error: ${f(n.message)}

${y}`),c.invalid;let t=n;return e.stderr(`internal error: ${f(t?.message??String(n))}
This is a bug in headroom; please report it.
`),e.env.HEADROOM_DEBUG&&e.stderr(`${t?.stack??""}
`),c.internal}process.stdout.on("error",n=>{throw n.code==="EPIPE"&&process.exit(process.exitCode??0),n});O(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:n=>process.stdout.write(n),stderr:n=>process.stderr.write(n),stderrIsTTY:process.stderr.isTTY===!0,now:()=>new Date,hostname:H}).then(n=>{process.exitCode=n});
