export const id = 334;
export const ids = [334];
export const modules = {

/***/ 2334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectGitHub: () => (/* binding */ connectGitHub)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(311);
/* harmony import */ var _api_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3665);
/**
 * The GitHub client, loaded only when a comment is to be posted: a run that only computes
 * never pays for loading it. Requests go through @actions/github (the runner's proxy
 * settings, GITHUB_API_URL for GitHub Enterprise) with the octokit retry plugin (5xx and
 * dropped connections, with back-off) and throttling plugin (primary and secondary rate
 * limits, honouring retry-after). Failures leave here as ApiError, never as the client's
 * own error, which holds the request and with it the token.
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
async function connectGitHub(options) {
    const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
    ]);
    const [owner, repo] = options.repository.split('/');
    const onLimit = (kind) => (retryAfter, request, _o, count) => {
        const retrying = count < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
        options.log(`GitHub's ${kind} rate limit answered ${request.method} ${request.url}; ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retrying;
    };
    const quiet = () => { };
    const octokit = getOctokit(options.token, {
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
    }, retry, throttling);
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
                        const { data } = await octokit.rest.users.getAuthenticated();
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
                    const all = await octokit.paginate(octokit.rest.issues.listComments, {
                        owner,
                        repo,
                        issue_number: issue,
                        per_page: 100,
                    });
                    return all.map(toComment);
                }),
                create: (body) => call(`creating a comment on #${issue}`, async () => {
                    const { data } = await octokit.rest.issues.createComment({
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
                    const { data } = await octokit.rest.issues.updateComment({
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
            const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: issue });
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
