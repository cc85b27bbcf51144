#!/usr/bin/env node
import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
import{a as b}from"../chunks/chunk-VL3JZZXN.js";import{a as x}from"../chunks/chunk-R7GTUD4B.js";import{e as c,f as k,h as p}from"../chunks/chunk-YEXC6X2C.js";import{d as w,e as y}from"../chunks/chunk-6JUMULER.js";import{e as f,f as v}from"../chunks/chunk-VIY5TR7S.js";import"../chunks/chunk-YAJBLYVF.js";import{a as u,b as s,c as g}from"../chunks/chunk-O57CF2CK.js";import"../chunks/chunk-3UD2Y6FZ.js";import{writeFileSync as T}from"node:fs";import{isAbsolute as F,relative as I,resolve as A}from"node:path";function h(r){return JSON.stringify(r,null,2)+`
`}import{parseArgs as O}from"node:util";var l=`Usage: headroom check [manifest] [options]
       headroom diff BASE_MANIFEST HEAD_MANIFEST [options]

check: checks that the services in a capacity manifest fit on its hosts, and with how much
room. diff: the same for HEAD_MANIFEST, compared with BASE_MANIFEST: headroom before and
after, and what changed.

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
  -h, --help                    show this help
  -v, --version                 show the version

Exit status: 0 the check passed (or only warned), 1 the check failed,
2 the input or the command line is invalid, 3 headroom itself went wrong.
`;function E(r,t,e,a){if(t===void 0)return a;if(e.includes(t))return t;throw new s(`--${r} must be one of ${e.join(", ")}; got "${t}"`)}function C(r){let t;try{t=O({args:[...r],allowPositionals:!0,strict:!0,options:{format:{type:"string"},scenario:{type:"string",multiple:!0},"fail-on":{type:"string"},output:{type:"string"},base:{type:"string"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}}})}catch(o){throw new s(o.message.replace(/\. To specify a positional argument.*$/,""))}let{values:e,positionals:a}=t;if(e.help)return{command:"help"};if(e.version)return{command:"version"};let[i,...n]=a;if(i===void 0)return{command:"help"};let d={format:E("format",e.format,["text","markdown","json"],"text"),scenarios:(e.scenario??[]).flatMap(o=>o.split(",")).map(o=>o.trim()).filter(Boolean),failOn:E("fail-on",e["fail-on"],["fail","warn","never","regression"],"fail"),...e.output!==void 0?{output:e.output}:{}};if(i==="diff"){if(n.length!==2)throw new s(`diff takes two manifests, the base and the head; got ${n.length}`);if(e.base!==void 0)throw new s("--base goes with check; diff takes the base manifest as its first argument");return{command:"diff",baseManifest:n[0],manifest:n[1],...d}}if(i!=="check")throw new s(`unknown command "${i}"; the commands are "check" and "diff"`);if(n.length>1)throw new s(`check takes one manifest; got ${n.length}`);if(e.base!==void 0&&e.base.trim()==="")throw new s("--base needs a git ref");return{command:"check",manifest:n[0]??"capacity.yml",...d,...e.base!==void 0?{base:e.base}:{}}}function $(r,t){let e=I(r,A(r,t)).split("\\").join("/");if(F(e)||e===".."||e.startsWith("../"))throw new s(`the manifest "${t}" is outside the current directory; run headroom from a directory that contains it`);return e}var m={pass:0,failed:1,invalid:2,internal:3};function S(r,t){try{let e=C(r);if(e.command==="help")return t.stdout(l),m.pass;if(e.command==="version")return t.stdout(`${v}
`),m.pass;let i={manifest:$(t.cwd,e.manifest),reader:c(t.cwd),env:t.env,scenarios:e.scenarios},n;if(e.command==="diff"){let o=$(t.cwd,e.baseManifest);n=p(i,{ref:o,reader:c(t.cwd),manifest:o})}else if(e.base!==void 0){let o=x(t.cwd,e.base);n=p(i,{ref:`${e.base} (${o.commit.slice(0,7)})`,reader:o})}else n=k(i);let d=e.format==="json"?h(n):e.format==="markdown"?w(n):y(n);return t.stdout(d),e.output&&T(A(t.cwd,e.output),h(n)),b(n.verdict,e.failOn,n.changes?.regression)}catch(e){if(e instanceof u)return t.stderr(e.problems.map(i=>`error: ${f(g(i))}
`).join("")),e.omitted>0&&t.stderr(`error: ... and ${e.omitted} more problem(s)
`),m.invalid;if(e instanceof s)return t.stderr(`error: ${f(e.message)}

${l}`),m.invalid;let a=e;return t.stderr(`internal error: ${f(a?.message??String(e))}
This is a bug in headroom; please report it.
`),t.env.HEADROOM_DEBUG&&t.stderr(`${a?.stack??""}
`),m.internal}}process.stdout.on("error",r=>{throw r.code==="EPIPE"&&process.exit(process.exitCode??0),r});process.exitCode=S(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:r=>process.stdout.write(r),stderr:r=>process.stderr.write(r)});
