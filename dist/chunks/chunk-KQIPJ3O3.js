import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);
var o="0.1.0";export{o as a};
