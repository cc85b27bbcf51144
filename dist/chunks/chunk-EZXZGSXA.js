import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
var s=class extends Error{status;operation;constructor(t,n,r){super(`${t} failed: ${n===null?"no response":`HTTP ${n}`}${r?`: ${r}`:""}`),this.name="ApiError",this.status=n,this.operation=t}get transient(){return this.status===null||this.status>=500}};export{s as a};
