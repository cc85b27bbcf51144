import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
function t(r,e,n){return e==="never"?0:e==="regression"&&n!==void 0?n?1:0:r==="fail"||r==="warn"&&e==="warn"?1:0}export{t as a};
