#!/usr/bin/env node
import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
import{a as b}from"../chunks/chunk-VL3JZZXN.js";import{a as S}from"../chunks/chunk-ZIWSPSFK.js";import{f as p,g as k,i as l}from"../chunks/chunk-B23VGN5P.js";import{d as E,e as x}from"../chunks/chunk-TA2O4XSK.js";import{e as d,f as v}from"../chunks/chunk-K6AWLGTE.js";import"../chunks/chunk-LWGQYQNM.js";import{a as m,b as a,c as y}from"../chunks/chunk-O57CF2CK.js";import"../chunks/chunk-3UD2Y6FZ.js";import{writeFileSync as J}from"node:fs";import{resolve as _}from"node:path";function h(n){return JSON.stringify(n,null,2)+`
`}import{existsSync as R,realpathSync as T,statSync as A}from"node:fs";import{basename as M,dirname as u,join as C,relative as F,resolve as N,sep as j}from"node:path";function D(n){for(let t=n;;t=u(t)){if(R(C(t,".git")))return t;if(u(t)===t)return null}}function P(n){try{return A(n).isDirectory()}catch{return!1}}function g(n,t){if(t.includes("\0"))throw new m([{file:t,message:"the path contains a NUL character"}]);let e=N(n,t);if(P(e))throw new m([{file:t,message:`cannot read this file: it is a directory, not a file; name the manifest in it, such as ${t.replace(/[\\/]+$/,"")}/capacity.yml`}]);let o;try{o=T(u(e))}catch{throw new m([{file:t,message:"cannot read this file: the folder it should be in does not exist"}])}let s=D(o),r=s??o,f=F(r,C(o,M(e))).split(j).join("/");return{root:r,manifest:f,repository:s!==null}}import{parseArgs as U}from"node:util";var w=`Usage: headroom check [manifest] [options]
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
`;function $(n,t,e,o){if(t===void 0)return o;if(e.includes(t))return t;throw new a(`--${n} must be one of ${e.join(", ")}; got "${t}"`)}function I(n){let t;try{t=U({args:[...n],allowPositionals:!0,strict:!0,options:{format:{type:"string"},scenario:{type:"string",multiple:!0},"fail-on":{type:"string"},output:{type:"string"},base:{type:"string"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}}})}catch(i){throw new a(i.message.replace(/\. To specify a positional argument.*$/,""))}let{values:e,positionals:o}=t;if(e.help)return{command:"help"};if(e.version)return{command:"version"};let[s,...r]=o;if(s===void 0)return{command:"help"};let f={format:$("format",e.format,["text","markdown","json"],"text"),scenarios:(e.scenario??[]).flatMap(i=>i.split(",")).map(i=>i.trim()).filter(Boolean),failOn:$("fail-on",e["fail-on"],["fail","warn","never","regression"],"fail"),...e.output!==void 0?{output:e.output}:{}};if(e.output!==void 0&&e.output.trim()==="")throw new a("--output needs a file name");if(r.some(i=>i.trim()===""))throw new a("a manifest path is empty");if(s==="diff"){if(r.length!==2)throw new a(`diff takes two manifests, the base and the head; got ${r.length}`);if(e.base!==void 0)throw new a("--base goes with check; diff takes the base manifest as its first argument");return{command:"diff",baseManifest:r[0],manifest:r[1],...f}}if(s!=="check")throw new a(`unknown command "${s}"; the commands are "check" and "diff"`);if(r.length>1)throw new a(`check takes one manifest; got ${r.length}`);if(e.base!==void 0&&e.base.trim()==="")throw new a("--base needs a git ref");return{command:"check",manifest:r[0]??"capacity.yml",...f,...e.base!==void 0?{base:e.base}:{}}}var B={ENOENT:"the folder it should go in does not exist",EISDIR:"it is a folder",ENOTDIR:"a part of the path is a file, not a folder",EACCES:"permission denied",EPERM:"permission denied",EROFS:"the file system is read-only",ENOSPC:"the disk is full"};function L(n,t,e){try{J(_(n,t),e)}catch(o){let s=o.code??"",r=B[s]??`the file system said ${s||"no"}`;throw new m([{file:t,message:`cannot write the report here: ${r}`}])}}var c={pass:0,failed:1,invalid:2,internal:3};function O(n,t){try{let e=I(n);if(e.command==="help")return t.stdout(w),c.pass;if(e.command==="version")return t.stdout(`${v}
`),c.pass;let o=g(t.cwd,e.manifest),s={manifest:o.manifest,reader:p(o.root),env:t.env,scenarios:e.scenarios},r;if(e.command==="diff"){let i=g(t.cwd,e.baseManifest);r=l(s,{ref:i.manifest,reader:p(i.root),manifest:i.manifest})}else if(e.base!==void 0){if(!o.repository)throw new a(`--base reads the manifest from git, but "${e.manifest}" is not in a git repository`);let i=S(o.root,e.base);r=l(s,{ref:`${e.base} (${i.commit.slice(0,7)})`,reader:i})}else r=k(s);let f=e.format==="json"?h(r):e.format==="markdown"?E(r):x(r);return e.output!==void 0&&L(t.cwd,e.output,h(r)),t.stdout(f),b(r.verdict,e.failOn,r.changes?.regression)}catch(e){if(e instanceof m)return t.stderr(e.problems.map(s=>`error: ${d(y(s))}
`).join("")),e.omitted>0&&t.stderr(`error: ... and ${e.omitted} more problem(s)
`),c.invalid;if(e instanceof a)return t.stderr(`error: ${d(e.message)}

${w}`),c.invalid;let o=e;return t.stderr(`internal error: ${d(o?.message??String(e))}
This is a bug in headroom; please report it.
`),t.env.HEADROOM_DEBUG&&t.stderr(`${o?.stack??""}
`),c.internal}}process.stdout.on("error",n=>{throw n.code==="EPIPE"&&process.exit(process.exitCode??0),n});process.exitCode=O(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:n=>process.stdout.write(n),stderr:n=>process.stderr.write(n)});
