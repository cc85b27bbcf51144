export const id = 334;
export const ids = [334];
export const modules = {

/***/ 334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectGitHub: () => (/* binding */ connectGitHub)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(311);
/* harmony import */ var _api_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(665);
/**
 * The GitHub client, loaded only when a comment is to be posted: a run that only computes
 * never pays for loading it. Requests go through @octokit/core on Node's own fetch, to
 * GITHUB_API_URL (GitHub Enterprise too), with the octokit retry plugin (5xx and dropped
 * connections, with back-off), the throttling plugin (primary and secondary rate limits,
 * honouring retry-after) and pagination. @actions/github would bring its own HTTP stack
 * (undici, about 1 MB of the bundle); Node 24 routes fetch through HTTP(S)_PROXY itself once
 * asked to, so self-hosted runners behind a proxy keep working. Failures leave here as
 * ApiError, never as the client's own error, which holds the request and with it the token.
 */


/** Rate-limit waits longer than this are not waited out: the comment is given up instead. */
const MAX_RATE_LIMIT_WAIT_S = 60;
const RATE_LIMIT_RETRIES = 2;
const DEFAULT_DEADLINE_MS = 5 * 60 * 1000;
function toComment(c) {
    return {
        id: c.id,
        body: c.body ?? '',
        login: c.user?.login ?? null,
        bot: c.user?.type === 'Bot',
        url: c.html_url,
    };
}
function apiError(operation, e) {
    const err = e;
    // Without a response the request never got an answer (reset, refused, timed out).
    const status = err?.response && typeof err.status === 'number' ? err.status : null;
    const data = err?.response?.data;
    const message = typeof data?.message === 'string'
        ? data.message
        : status === null && typeof err?.message === 'string'
            ? err.message
            : '';
    return new _api_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .h(operation, status, message);
}
/**
 * Sends fetch through the proxy the runner names, as @actions/http-client would. Node 24
 * does this when asked (http.setGlobalProxyFromEnv); older runtimes go direct.
 */
async function useProxyFromEnvironment(env) {
    if (!env)
        return;
    const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k]);
    if (!proxied)
        return;
    const http = (await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 67, 23)));
    http.setGlobalProxyFromEnv?.({ ...env });
}
async function connectGitHub(options) {
    const [{ Octokit }, { paginateRest }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 730).then(__webpack_require__.bind(__webpack_require__, 730)),
        __webpack_require__.e(/* import() */ 779).then(__webpack_require__.bind(__webpack_require__, 779)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 856)),
    ]);
    await useProxyFromEnvironment(options.env);
    const [owner, repo] = options.repository.split('/');
    const onLimit = (kind) => (retryAfter, request, _o, count) => {
        const retrying = count < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
        options.log(`GitHub's ${kind} rate limit answered ${request.method} ${request.url}; ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retrying;
    };
    const quiet = () => { };
    const Client = Octokit.plugin(paginateRest, retry, throttling);
    const octokit = new Client({
        auth: options.token,
        baseUrl: options.apiUrl,
        userAgent: `headroom/${_version_js__WEBPACK_IMPORTED_MODULE_1__/* .VERSION */ .x}`,
        log: { debug: quiet, info: quiet, warn: options.log, error: options.log },
        // 429 is the throttling plugin's to handle, with GitHub's retry-after.
        retry: {
            retryAfterBaseValue: options.retryBaseMs,
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        },
        throttle: {
            retryAfterBaseValue: options.retryBaseMs,
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary'),
        },
    });
    const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
    octokit.hook.before('request', (req) => {
        req.request = { ...req.request, signal: deadline };
    });
    const call = async (operation, fn) => {
        try {
            return await fn();
        }
        catch (e) {
            throw apiError(operation, e);
        }
    };
    return {
        comments(issue) {
            return {
                async viewer() {
                    try {
                        const { data } = await octokit.request('GET /user');
                        return data.login;
                    }
                    catch (e) {
                        const err = apiError('asking who the token belongs to', e);
                        // An app's token (GITHUB_TOKEN) has no user: GitHub answers 403.
                        if (err.status === 403)
                            return null;
                        throw err;
                    }
                },
                list: () => call(`listing the comments on #${issue}`, async () => {
                    const all = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                        owner,
                        repo,
                        issue_number: issue,
                        per_page: 100,
                    });
                    return all.map(toComment);
                }),
                create: (body) => call(`creating a comment on #${issue}`, async () => {
                    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                        owner,
                        repo,
                        issue_number: issue,
                        body,
                        // Never retried by the plugin: see comment.ts for how a failed create is handled.
                        request: { retries: 0 },
                    });
                    return toComment(data);
                }),
                update: (id, body) => call(`updating comment ${id}`, async () => {
                    const { data } = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                        owner,
                        repo,
                        comment_id: id,
                        body,
                    });
                    return toComment(data);
                }),
            };
        },
        pullHead: (issue) => call(`reading pull request #${issue}`, async () => {
            const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
                owner,
                repo,
                pull_number: issue,
            });
            return {
                sha: data.head?.sha ?? null,
                repository: data.head?.repo?.full_name ?? null,
                branch: data.head?.ref ?? null,
            };
        }),
    };
}


/***/ })

};
