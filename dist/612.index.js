export const id = 612;
export const ids = [612];
export const modules = {

/***/ 612:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  preflightImages: () => (/* binding */ preflightImages),
  signInEarly: () => (/* binding */ signInEarly)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(79);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(916);
// EXTERNAL MODULE: ./src/registry/image-ref.ts
var image_ref = __webpack_require__(230);
// EXTERNAL MODULE: ./src/deepgram/scopes.ts
var deepgram_scopes = __webpack_require__(744);
// EXTERNAL MODULE: ./src/http/messages.ts
var messages = __webpack_require__(790);
;// CONCATENATED MODULE: ./src/registry/messages.ts
// Every sentence a user reads about the registry and the image check: why an
// image would not pull and what to do, and failures of the registry as a whole.
// Wording only: which rows fail, and which scope a repository hints at, are
// decided by image-report.ts. Pure.

function formatSaid(said) {
    if (said.message)
        return ` The registry said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`;
    if (said.code)
        return ` The registry said: ${said.code}.`;
    return '';
}
const repoAt = (image, registry) => `repository ${image.name} on ${registry}`;
function deniedAdvice(image, status, registry, hint) {
    const base = `this credential set cannot pull ${repoAt(image, registry)} (HTTP ${status} although the registry accepted the secret; ` +
        'quay answers the same for a repository that does not exist, so check the name too).';
    if (hint === undefined)
        return `${base} Check that the set was created with the scope of the product this image belongs to.`;
    const { scope } = hint;
    return hint.carried
        ? `${base} Its name suggests the scope ${scope} (a hint: the mapping is not documented), which the set carries, so the registry grants the set less than its scopes say: ask Deepgram support, quoting the set's ID.`
        : `${base} Its name suggests the scope ${scope} (a hint: the mapping is not documented), which the set lacks: create a set with ${scope}, and add it to \`required-scopes\`.`;
}
const NAME_THE_RELEASE = 'Name the release in `release` (like release-260812) instead of latest.';
/** 404 on a manifest: the release, the digest or the tag asked for is not there. */
function unknownProblem(image, status, registry) {
    if (image.fromRelease) {
        const latest = image.tag?.endsWith('-fips') === true ? 'latest-fips' : 'latest';
        return `the release ${image.tag ?? ''} (from \`release\`) does not exist in ${repoAt(image, registry)} (HTTP ${status}): set \`release\` to a release every image has, or to ${latest} for the newest one they share.`;
    }
    if (image.digest !== undefined) {
        return `no manifest with digest ${image.digest} in ${repoAt(image, registry)} (HTTP ${status}): check the digest, or pin a tag.`;
    }
    if (image.tag === undefined) {
        return (`the tag latest does not exist in ${repoAt(image, registry)} (HTTP ${status}): the image was given without a tag, which means latest. ` +
            `Set \`release: latest\` to use the newest release every image given without a tag has, or name a release tag, like ${image.given}:release-260812.`);
    }
    return `the tag ${image.tag} does not exist in ${repoAt(image, registry)} (HTTP ${status}): check the tag against the release you deploy (Deepgram's tags look like release-YYMMDD) and the repository name.`;
}
/** The image check's limit ran out before this image was checked. */
function outOfTimeProblem(image, limitS, tagsOf) {
    if (tagsOf === undefined) {
        return `not checked: the image check stops after ${limitS} s, and this image had no answer by then. Re-run the job; if it persists, the registry is slow or hangs on this manifest.`;
    }
    // The image whose own tags list it was: given without a tag or digest.
    const own = image.tag === undefined && image.digest === undefined && image.name === tagsOf;
    return (`not checked: the image check stops after ${limitS} s, and the tags list of ${tagsOf} (read for \`release: latest\`) was still being read then` +
        `${own ? '' : ", before this image's manifest was asked for"}. ` +
        'Re-run the job; if it persists, the registry is slow or hangs on that tags list: name the release in `release` (like release-260812) instead of latest.');
}
/** The redirect of a request for `what`, not followed. */
function redirected(what, status, location) {
    return (`the registry redirected ${what} (HTTP ${status}${location ? ` to ${JSON.stringify(location)}` : ''}), ` +
        'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.');
}
const after = (attempts) => (attempts > 1 ? ` after ${attempts} attempts` : '');
/** What went wrong with one image and what to do (`hint`: for a refusal); undefined when it will pull. */
function imageProblem(p) {
    const { row, registry, hint } = p;
    const { image, result: r } = row;
    switch (r.kind) {
        case 'ok':
            return undefined;
        case 'denied':
            return r.anonymous
                ? `the registry refused ${repoAt(image, registry)} to a request without credentials (HTTP ${r.status}) and asked for none this action can send ` +
                    '(a Bearer challenge with a realm, or Basic), so the secret was never sent and this check proved nothing about it: check `registry`.'
                : deniedAdvice(image, r.status, registry, hint);
        case 'unknown':
            return unknownProblem(image, r.status, registry);
        case 'mismatch':
            return `asked for digest ${image.digest ?? ''}, the registry answered with ${r.digest}: do not deploy this; re-run the job and report it if it persists.`;
        case 'redirected':
            return redirected('the manifest request', r.status, r.location);
        case 'error': {
            const what = r.status === 429
                ? 'kept rate-limiting the request: re-run later.'
                : r.status >= 500
                    ? 'failed: the trouble is on the registry side; re-run later.'
                    : 'gave an answer this action does not expect for a manifest.';
            return `the registry answered HTTP ${r.status}${after(r.attempts)} and ${what}${formatSaid(r.said)}`;
        }
        case 'no-answer':
            return r.timedOut
                ? `${r.detail}: check the runner's network and proxy settings (${messages/* PROXY_VARIABLES */.bD}), then re-run.`
                : `could not reach the registry (${r.detail}): check \`registry\`, DNS and the proxy settings.`;
        case 'foreign':
            return `it names the registry ${r.registry}, not ${registry}, so it was not checked and no credentials were sent: write it as ${registry}/${image.name} or without a registry, or check it in a step for that registry.`;
        case 'not-manifest': {
            const what = r.badBody
                ? `a body that is not a manifest of its Content-Type ${JSON.stringify(r.contentType ?? '')}`
                : r.contentType
                    ? `Content-Type ${JSON.stringify(r.contentType)}, not one of the manifest types asked for`
                    : 'no Content-Type, where a manifest type was asked for';
            return `${registry} answered HTTP ${r.status} with ${what}: it does not look like a container registry (a website answers every path), so the image was not found there. Check \`registry\`.`;
        }
        case 'not-checked':
            if (r.limitS !== undefined)
                return outOfTimeProblem(image, r.limitS, r.tagsOf);
            return r.why === 'no-release'
                ? "not checked: no release could be chosen, because another image's tags could not be read."
                : 'not checked: the registry check stopped before this image (see the error).';
        case 'tags-failed':
            return tagsProblem(image, r.failure, registry, hint);
        case 'no-release': {
            const kind = r.fips ? 'FIPS release' : 'release';
            return `${r.newest ? `its newest ${kind} is ${r.newest}` : `it has no ${kind} tag (${r.fips ? 'release-YYMMDD-fips' : 'release-YYMMDD'})`}, and no ${kind} is on every image given without a tag.`;
        }
    }
}
/** Why `release: latest` could not read an image's tags, and what to do. */
function tagsProblem(image, f, registry, hint) {
    switch (f.kind) {
        case 'denied':
            return deniedAdvice(image, f.status, registry, hint);
        case 'unknown':
            return `the repository ${image.name} does not exist on ${registry} (HTTP ${f.status} on its tags list): check the name.`;
        case 'redirected':
            return redirected('the tags list', f.status, f.location);
        case 'error': {
            const what = f.status === 429 || f.status >= 500
                ? 're-run later, or name the release in `release`.'
                : `this action does not expect that for a tags list. ${NAME_THE_RELEASE}`;
            return `the registry answered its tags list with HTTP ${f.status}${after(f.attempts)}: ${what}${formatSaid(f.said)}`;
        }
        case 'no-answer':
            return f.timedOut
                ? `its tags list: ${f.detail}: check the runner's network and proxy settings (${messages/* PROXY_VARIABLES */.bD}), then re-run.`
                : `could not reach the registry for its tags list (${f.detail}): check \`registry\`, DNS and the proxy settings.`;
        case 'elsewhere':
            return `its tags list links the next page to ${JSON.stringify(f.url)}, which is not the tags list of ${image.name} on ${registry}: not followed, so that the token goes nowhere else. ${NAME_THE_RELEASE}`;
        case 'bad-link':
            return `its tags list names a next page that is not a URL (${JSON.stringify(f.url)}): not followed. ${NAME_THE_RELEASE}`;
        case 'loop':
            return `its tags list links back to a page already read: not followed again. ${NAME_THE_RELEASE}`;
        case 'too-many-pages':
            return `its tags list goes on past ${f.pages} pages: stopped there. ${NAME_THE_RELEASE}`;
        case 'too-many-tags':
            return `its tags list holds more than ${f.max.toLocaleString('en-US')} tags: stopped reading there. ${NAME_THE_RELEASE}`;
        case 'bad-body':
            return `the registry's answer to its tags list is not a tags list ({"tags": [...]}, at most 1 MiB a page). ${NAME_THE_RELEASE}`;
    }
}
// Failures of the registry as a whole: no image could be checked.
const STEP = {
    api: { subject: 'The registry API (GET /v2/)', object: 'the registry API (GET /v2/)' },
    token: { subject: 'The token endpoint', object: 'the token endpoint' }
};
/** What an `error` result quotes for a manifest longer than a registry may serve. */
const MANIFEST_TOO_LARGE = 'the manifest is larger than 4 MiB, the most a registry may serve, so its digest cannot be checked';

;// CONCATENATED MODULE: ./src/registry/pins.ts
/** The images given without a tag or digest get `tag`; the others stay as given. */
function withRelease(refs, tag) {
    return refs.map(ref => {
        if (ref.tag !== undefined || ref.digest !== undefined)
            return { ...ref };
        // A resolved image asks for its manifest by `reference`: the release, now.
        return { ...ref, tag, fromRelease: true, ...('reference' in ref ? { reference: tag } : {}) };
    });
}
/** The reference as the user wrote it, with the release's tag when it got one. */
function shownRef(ref) {
    return ref.fromRelease ? `${ref.given}:${ref.tag ?? ''}` : ref.given;
}
/** A `digests` line: the reference shown, pinned; one that names a digest stands as given (the
 * registry confirmed it). */
function digestLine(ref, digest) {
    return ref.digest === undefined ? `${shownRef(ref)}@${digest}` : shownRef(ref);
}
function imageJson(ref, registry, digest) {
    const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : null);
    return {
        image: ref.given,
        registry,
        repository: ref.name,
        tag,
        digest,
        pinned: `${registry}/${ref.name}${tag === null ? '' : `:${tag}`}@${digest}`
    };
}

;// CONCATENATED MODULE: ./src/registry/image-report.ts
// Pure: the image check's rows as the user reads them: which rows failed, the
// scope a refused repository's name hints at, the lines the job summary shows,
// and the one error and headline for a failed check (each row's words are
// messages.ts's imageProblem()).




const PRODUCTS = ['api', 'engine', 'license-proxy', 'billing', 'dgtools', 'hotpepper', 'metrics-server'];
/** The scope a repository's name suggests (self-hosted-engine -> self-hosted:product:engine,
 * onprem-api -> self-hosted:product:api). A hint only: Deepgram documents no mapping. */
function scopeHint(name) {
    const product = /^(?:self-hosted|onprem)-(.+)$/.exec(name.split('/').pop() ?? '')?.[1];
    return product !== undefined && PRODUCTS.includes(product) ? `self-hosted:product:${product}` : undefined;
}
/** The hint for a repository, and whether the set's scopes carry it. */
function hintFor(image, scopes) {
    const scope = scopeHint(image.name);
    return scope === undefined ? undefined : { scope, carried: (0,deepgram_scopes/* checkScopes */.A6)(scopes, [scope]).ok };
}
/** What went wrong with one image and what to do; undefined when it will pull. */
function problemOf(row, ctx) {
    return imageProblem({ row, registry: ctx.registry, hint: hintFor(row.image, ctx.scopes) });
}
const LABELS = {
    ok: '✓ will pull',
    denied: '✗ no access',
    unknown: '✗ not found',
    mismatch: '✗ digest mismatch',
    foreign: '✗ other registry',
    'not-manifest': '✗ not a registry',
    'not-checked': '– not checked',
    'tags-failed': '✗ tags not read',
    'no-release': '✗ no common release'
};
/** The summary's word for a result. */
function resultLabel(result) {
    return LABELS[result.kind] ?? '✗ registry error';
}
const image_report_images = (n) => (n === 1 ? '1 image' : `${n} images`);
const listed = (problems) => problems.map(p => `- ${p.shown}: ${p.problem}`).join('\n');
/** Every image that would not pull, in order, as the errors list them. */
function problemLines(rows, ctx) {
    return rows.flatMap(row => {
        const problem = problemOf(row, ctx);
        return problem === undefined ? [] : [{ shown: shownRef(row.image), problem }];
    });
}
function imageLines(rows, ctx) {
    return rows.map(row => ({
        reference: shownRef(row.image),
        result: resultLabel(row.result),
        ...(row.result.kind === 'ok' ? { digest: row.result.digest } : { problem: problemOf(row, ctx) })
    }));
}
/** The one error for every image that would not pull; undefined when all will. */
function imagesError(rows, ctx) {
    const problems = problemLines(rows, ctx);
    if (problems.length === 0)
        return undefined;
    const limits = rows.flatMap(row => row.result.kind === 'not-checked' && row.result.limitS !== undefined ? [row.result.limitS] : []);
    const [limitS] = limits;
    const of = image_report_images(rows.length);
    const list = listed(problems);
    if (limitS === undefined)
        return new errors/* ActionError */.lZ('Images would not pull', `${problems.length} of ${of} would not pull from ${ctx.registry}; did not log in:\n${list}`);
    const n = problems.length - limits.length;
    const head = n > 0 ? `${n} of ${of} would not pull from ${ctx.registry}, and ` : `Of ${of} on ${ctx.registry}, `;
    return new errors/* ActionError */.lZ('Image check ran out of time', `${head}${limits.length} ${limits.length === 1 ? 'was' : 'were'} left unchecked when the image check's ${limitS} s limit ran out; did not log in:\n${list}`);
}
/** `release: latest` (or `latest-fips`) found no release every tagless image has: the newest of
 * each (naming the images that have none), and the other problems. */
function noCommonRelease(rows, ctx) {
    const fips = rows.some(({ result }) => result.kind === 'no-release' && result.fips === true);
    const [input, kind, form] = fips
        ? ['latest-fips', 'FIPS release', 'release-YYMMDD-fips']
        : ['latest', 'release', 'release-YYMMDD'];
    const newest = rows.flatMap(({ image, result }) => result.kind === 'no-release' ? [`${image.given}: ${result.newest ?? `no ${kind} tag`}`] : []);
    const others = problemLines(rows.filter(row => row.result.kind !== 'no-release'), ctx);
    const message = `\`release: ${input}\` found no ${kind} tag (${form}) that every image given without a tag has on ${ctx.registry}, so it chose none and did not log in. ` +
        `The newest ${kind} of each: ${newest.join('; ')}. ` +
        'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.' +
        (others.length ? `\nAlso:\n${listed(others)}` : '');
    return fips ? new errors/* ActionError */.lZ('No common FIPS release', message) : new errors/* ActionError */.lZ('No common release', message);
}
/** The error of a check whose rows are in: no common release, or the images that would not pull. */
function failureOf(rows, ctx) {
    return rows.some(row => row.result.kind === 'no-release') ? noCommonRelease(rows, ctx) : imagesError(rows, ctx);
}
/** Given without a tag or digest, no `release` gave it one, and the registry has no tag latest. */
function bareLatestMissing({ image, result }) {
    return result.kind === 'unknown' && image.tag === undefined && image.digest === undefined && !image.fromRelease;
}
/** The job summary's one line for a failed image check. */
function imagesFailedHeadline(rows, registry) {
    if (rows.some(row => row.result.kind === 'no-release'))
        return 'No release is on every image given without a tag';
    if (rows.some(row => row.result.kind === 'foreign'))
        return 'An image is on another registry: nothing was checked';
    const failed = rows.filter(row => row.result.kind !== 'ok').length;
    const bare = rows.some(bareLatestMissing)
        ? ': an image given without a tag needs `release: latest` or a release tag'
        : '';
    return `${failed} of ${image_report_images(rows.length)} would not pull from ${registry}${bare}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: ./src/http/exchange.ts + 1 modules
var exchange = __webpack_require__(728);
// EXTERNAL MODULE: ./src/sanitize.ts
var sanitize = __webpack_require__(540);
// EXTERNAL MODULE: ./src/json.ts
var src_json = __webpack_require__(301);
;// CONCATENATED MODULE: ./src/registry/manifest.ts
// Pure: what counts as a manifest. A website set as `registry` answers every path with 200, so an
// answer is one only when its Content-Type is a type asked for and its body (when read) fits it.

/** Every type docker pull accepts, so the registry answers with the stored manifest, whose digest
 * is the one a pull resolves (it converts when the stored type is not accepted). */
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json'
];
const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ');
const INDEX_TYPES = MANIFEST_TYPES.slice(0, 2);
/** A Content-Type's media type, lower-cased; undefined when absent or blank. */
function mediaTypeOf(contentType) {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    return type ? type : undefined;
}
function isManifestType(type) {
    return MANIFEST_TYPES.some(t => t === type);
}
/** Schema version 2, mediaType (when named) `type`, with `manifests` for an index or list,
 * `config` and `layers` for an image. */
function isManifestOf(type, body) {
    const json = (0,src_json/* jsonObject */.o$)(body);
    if (json === undefined || json['schemaVersion'] !== 2)
        return false;
    const mediaType = json['mediaType'];
    if (mediaType !== undefined && mediaType !== type)
        return false;
    if (INDEX_TYPES.includes(type))
        return Array.isArray(json['manifests']);
    return (0,src_json/* isObject */.Gv)(json['config']) && Array.isArray(json['layers']);
}

;// CONCATENATED MODULE: ./src/registry/session.ts
// One registry as the image check talks to it: where it is, who signs in, the deadline every
// request keeps, and the one way a request is sent (http/exchange.ts). Shared by the sign-in,
// the manifest check and the tags list.




/** The whole image check, sign-in included, ends within this: hung manifests must not hold a deploy. */
const IMAGE_CHECK_LIMIT_MS = 60_000;
/** Requests to one registry at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 4;
function openSession(req) {
    const limitMs = req.limitMs ?? IMAGE_CHECK_LIMIT_MS;
    return { ...req, base: (0,image_ref/* registryBaseUrl */.mO)(req.registry), limitMs, deadline: req.deadline ?? Date.now() + limitMs };
}
/** One request within the session's deadline; `service` names it in retry notes. */
function send(session, method, url, headers, service = `Registry ${session.registry}`, maxBodyBytes) {
    const { policy, onRetry, sleep, proxy, deadline } = session;
    return (0,exchange/* exchange */.cv)({ method, url, headers, service, maxBodyBytes, policy, onRetry, sleep, proxy, deadline });
}
/** The headers of a registry request, with the sign-in's Authorization when there is one. */
function withAuth(headers, auth) {
    return auth === undefined ? headers : { ...headers, Authorization: auth };
}
/** Where a redirect pointed, sanitised for a message. */
function redirectTarget(answer) {
    const location = (0,exchange/* headerValue */.Z)(answer.headers['location']);
    return location === undefined ? undefined : (0,sanitize/* sanitize */.aj)(location, 200);
}
const str = (v, max = 200) => (0,sanitize/* textField */.M8)(v, max);
/** The spec's error body (`{"errors":[{"code","message"}]}`), or token servers' `details`/`error`; sanitised. */
function parseRegistryMessage(body) {
    const o = (0,src_json/* jsonObject */.o$)(body);
    if (o === undefined)
        return {};
    const errors = o['errors'];
    const first = Array.isArray(errors) ? errors[0] : undefined;
    if ((0,src_json/* isObject */.Gv)(first))
        return { code: str(first['code'], 60), message: str(first['message']) };
    return { message: str(o['details']) ?? str(o['error_description']) ?? str(o['message']) ?? str(o['error']) };
}

;// CONCATENATED MODULE: ./src/registry/manifest-check.ts
// One image's manifest check: a HEAD for its digest (GET when the registry refuses HEAD, sends no
// usable digest, or to quote an error body), and the answer as an ImageResult.






const DIGEST = /^sha256:[a-f0-9]{64}$/;
// The spec lets registries refuse manifests over 4 MiB; a cut one would hash to the wrong digest.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const is2xx = (status) => status >= 200 && status < 300;
function failed(outcome, anonymous) {
    const { answer, attempts } = outcome;
    const status = answer.status;
    if (status === 401 || status === 403)
        return anonymous ? { kind: 'denied', status, anonymous } : { kind: 'denied', status };
    if (status === 404)
        return { kind: 'unknown', status };
    if (status >= 300 && status < 400)
        return { kind: 'redirected', status, location: redirectTarget(answer) };
    return { kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) };
}
/** A 2xx answer that is not a manifest of a type asked for; undefined when it is one. */
function notManifest(answer, withBody) {
    const type = mediaTypeOf((0,exchange/* headerValue */.Z)(answer.headers['content-type']));
    const shown = type === undefined ? undefined : (0,sanitize/* sanitize */.aj)(type, 100);
    if (type === undefined || !isManifestType(type))
        return { kind: 'not-manifest', status: answer.status, contentType: shown };
    if (withBody && !isManifestOf(type, answer.body))
        return { kind: 'not-manifest', status: answer.status, contentType: shown, badBody: true };
    return undefined;
}
/** A 2xx manifest answer's Docker-Content-Digest, else the sha256 of the manifest as served (a GET
 * when the answer had no body); or why there is none. */
async function digestOf(first, gotBody, getManifest, anonymous) {
    const wrong = notManifest(first.answer, gotBody);
    if (wrong)
        return { result: wrong };
    const header = (0,exchange/* headerValue */.Z)(first.answer.headers['docker-content-digest'])?.trim();
    if (!gotBody && header !== undefined && DIGEST.test(header))
        return { digest: header };
    const get = gotBody ? first : await getManifest();
    const { answer, attempts } = get;
    if (!is2xx(answer.status))
        return { result: failed(get, anonymous) };
    if (answer.truncated)
        return { result: { kind: 'error', status: answer.status, attempts, said: { message: MANIFEST_TOO_LARGE } } };
    const wrongBody = notManifest(answer, true);
    if (wrongBody)
        return { result: wrongBody };
    return { digest: `sha256:${(0,external_node_crypto_.createHash)('sha256').update(answer.bytes).digest('hex')}` };
}
/** `auth`: none for anonymously. */
async function checkManifest(session, image, auth) {
    const url = `${session.base}/v2/${image.name}/manifests/${image.reference}`;
    const headers = withAuth({ Accept: MANIFEST_ACCEPT }, auth);
    const anonymous = auth === undefined;
    const service = `Registry ${session.registry}, ${image.name}${image.digest ? '@' : ':'}${image.reference}`;
    const getManifest = () => send(session, 'GET', url, headers, service, MAX_MANIFEST_BYTES);
    const done = (result, challenge) => ({ image, result, challenge });
    try {
        const head = await send(session, 'HEAD', url, headers, service);
        // A registry (or proxy) that refuses HEAD on manifests serves them on GET.
        const first = head.answer.status === 405 ? await getManifest() : head;
        const { status } = first.answer;
        const gotBody = first !== head;
        if (is2xx(status)) {
            const found = await digestOf(first, gotBody, getManifest, anonymous);
            if ('result' in found)
                return done(found.result);
            const { digest } = found;
            if (image.digest !== undefined && digest !== image.digest)
                return done({ kind: 'mismatch', digest });
            return done({ kind: 'ok', digest });
        }
        if (status === 401 && anonymous)
            return done(failed(first, true), first.answer);
        if (!gotBody && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) {
            // A HEAD answer has no body: fetch the error body once to quote its code and message.
            return done(failed(await send(session, 'GET', url, headers, service), anonymous));
        }
        return done(failed(first, anonymous));
    }
    catch (error) {
        if (!(error instanceof exchange/* NetworkFailure */.pM))
            throw error;
        if (error.pastDeadline)
            return done({ kind: 'not-checked', limitS: session.limitMs / 1000 });
        return done({ kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` });
    }
}

// EXTERNAL MODULE: ./src/pool.ts
var pool = __webpack_require__(537);
// EXTERNAL MODULE: ./src/common.ts
var src_common = __webpack_require__(26);
;// CONCATENATED MODULE: ./src/registry/tags.ts
// Pure logic of `release`: which tags are releases, the newest release every
// image has, a tags-list page, and the `Link` to the next page (RFC 8288).
// No I/O: releases.ts does the requests.



/** Which tags count as releases: the plain ones (`release: latest`), or the FIPS builds
 * (`release: latest-fips`). Never both: a FIPS deployment runs FIPS images only. */
function releaseRule(fips) {
    return fips === true ? src_common/* isFipsReleaseTag */.yD : src_common/* isReleaseTag */.KH;
}
/** The release tags among `tags`, in their order. */
function releaseTagsOf(tags, isRelease = src_common/* isReleaseTag */.KH) {
    return tags.filter(isRelease);
}
/** The newest release tag (YYMMDD compares as text, and a FIPS tag's suffix is the same on
 * every one), undefined when there is none. */
function newestRelease(tags, isRelease = src_common/* isReleaseTag */.KH) {
    let newest;
    for (const tag of releaseTagsOf(tags, isRelease))
        if (newest === undefined || tag > newest)
            newest = tag;
    return newest;
}
/** The newest release tag that every list holds. */
function chooseRelease(lists, isRelease = src_common/* isReleaseTag */.KH) {
    const [first, ...rest] = lists.map(list => new Set(releaseTagsOf(list, isRelease)));
    const common = [...(first ?? [])].filter(tag => rest.every(set => set.has(tag)));
    const release = newestRelease(common, isRelease);
    return release !== undefined
        ? { ok: true, release }
        : { ok: false, newest: lists.map(l => newestRelease(l, isRelease)) };
}
/** The `tags` of a tags-list answer (`{"name": …, "tags": […]}`); null means none.
 * undefined when the body is not that shape. */
function parseTagsPage(body) {
    const tags = (0,src_json/* jsonObject */.o$)(body)?.['tags'];
    if (tags === null)
        return [];
    if (!Array.isArray(tags) || !tags.every(t => typeof t === 'string'))
        return undefined;
    return tags;
}
/** The URI references of a Link value whose rel holds `next` (any case, quoted
 * or not, among other relation types). Commas inside <…> are kept. */
function nextTargets(value) {
    const found = [];
    const re = /<([^>]*)>([^<]*)/g;
    for (const m of value.matchAll(re)) {
        const params = m[2] ?? '';
        const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
        const types = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
        if (types.includes('next'))
            found.push(m[1] ?? '');
    }
    return found;
}
/** Where the next page is, from the Link header of the page at `current`: only
 * a URL on the same origin and path as `current` (the tags list of the same
 * repository) is followed, so that the token goes nowhere else. */
function nextPage(link, current, path) {
    const values = link === undefined ? [] : typeof link === 'string' ? [link] : link;
    const target = values.flatMap(nextTargets)[0];
    if (target === undefined)
        return { kind: 'last' };
    const shown = (0,sanitize/* sanitize */.aj)(target, 200);
    let url;
    try {
        url = new URL(target, current);
    }
    catch {
        return { kind: 'bad', url: shown };
    }
    const here = new URL(current);
    const same = url.origin === here.origin && url.pathname === path && url.username === '' && url.password === '' && url.hash === '';
    if (same)
        return { kind: 'next', url: url.href };
    // Shown without any user name or password the URL carried.
    return { kind: 'elsewhere', url: (0,sanitize/* sanitize */.aj)(`${url.origin}${url.pathname}${url.search}`, 200) };
}

;// CONCATENATED MODULE: ./src/registry/releases.ts





/** Pages read at most per repository: 200 of quay.io's pages of 50 are 10,000 tags. */
const MAX_TAG_PAGES = 200;
/** Tags read at most for one image, all pages together: far more than any release history. */
const MAX_TAGS = 100_000;
// A page of tags is small; a longer answer is not one.
const MAX_TAGS_PAGE_BYTES = 1024 * 1024;
const releases_failed = (failure) => ({ kind: 'failed', failure });
/** The release tags of one repository (`isRelease` says which: plain or FIPS), every page of its tags list read. */
async function listReleases(session, name, auth, isRelease = releaseRule(false)) {
    const path = `/v2/${name}/tags/list`;
    let url = `${session.base}${path}`;
    const read = new Set([url]);
    const headers = withAuth({ Accept: 'application/json' }, auth);
    const service = `Registry ${session.registry}, tags of ${name}`;
    const releases = new Set();
    let tagsRead = 0;
    try {
        for (let page = 1;; page++) {
            const { answer, attempts } = await send(session, 'GET', url, headers, service, MAX_TAGS_PAGE_BYTES);
            const status = answer.status;
            if (status === 401 || status === 403)
                return releases_failed({ kind: 'denied', status });
            if (status === 404)
                return releases_failed({ kind: 'unknown', status });
            if (status >= 300 && status < 400)
                return releases_failed({ kind: 'redirected', status, location: redirectTarget(answer) });
            if (status < 200 || status >= 300) {
                return releases_failed({ kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) });
            }
            const tags = answer.truncated ? undefined : parseTagsPage(answer.body);
            if (tags === undefined)
                return releases_failed({ kind: 'bad-body' });
            tagsRead += tags.length;
            if (tagsRead > MAX_TAGS)
                return releases_failed({ kind: 'too-many-tags', max: MAX_TAGS });
            for (const tag of tags)
                if (isRelease(tag))
                    releases.add(tag);
            const next = nextPage(answer.headers['link'], url, path);
            if (next.kind === 'last')
                return { kind: 'listed', releases: [...releases] };
            if (next.kind === 'elsewhere')
                return releases_failed({ kind: 'elsewhere', url: next.url });
            if (next.kind === 'bad')
                return releases_failed({ kind: 'bad-link', url: next.url });
            if (read.has(next.url))
                return releases_failed({ kind: 'loop' });
            if (page >= MAX_TAG_PAGES)
                return releases_failed({ kind: 'too-many-pages', pages: page });
            read.add(next.url);
            url = next.url;
        }
    }
    catch (error) {
        if (!(error instanceof exchange/* NetworkFailure */.pM))
            throw error;
        if (error.pastDeadline)
            return { kind: 'out-of-time' };
        return releases_failed({ kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` });
    }
}
const fipsMark = (choice) => choice.kind === 'latest' && choice.fips ? { fips: true } : {};
const isTagless = (image) => image.tag === undefined && image.digest === undefined;
const entries = (images) => images.map(image => ({ image }));
/** Gives the tagless images their tag: the one named, or the newest release
 * they all have (one tags request per page per tagless repository, nothing more). */
async function applyRelease(session, images, choice, auth) {
    if (choice === undefined)
        return { entries: entries(images) };
    if (choice.kind === 'named')
        return { entries: entries(withRelease(images, choice.tag)), release: choice.tag };
    // One list per repository, even if two references name it.
    const names = [...new Set(images.filter(isTagless).map(i => i.name))];
    if (names.length === 0)
        return { entries: entries(images) };
    const isRelease = releaseRule(choice.fips);
    const listOf = async (name) => ({
        name,
        listed: await listReleases(session, name, auth, isRelease)
    });
    const lists = await (0,pool/* pool */.d)(names, listOf, {
        limit: CONCURRENCY,
        deadline: session.deadline,
        late: (name) => ({ name, listed: { kind: 'out-of-time' } })
    });
    const releases = lists.flatMap(l => (l.listed.kind === 'listed' ? [l.listed.releases] : []));
    const chosen = releases.length === lists.length ? chooseRelease(releases, isRelease) : undefined;
    if (chosen?.ok)
        return { entries: entries(withRelease(images, chosen.release)), release: chosen.release };
    const byName = new Map(lists.map(l => [l.name, l.listed]));
    const outOfTimeOn = lists.find(l => l.listed.kind === 'out-of-time')?.name;
    const limitS = session.limitMs / 1000;
    const decide = (image) => {
        const listed = isTagless(image) ? byName.get(image.name) : undefined;
        switch (listed?.kind) {
            case undefined:
                return undefined;
            case 'failed':
                return { kind: 'tags-failed', failure: listed.failure };
            case 'out-of-time':
                return { kind: 'not-checked', limitS, tagsOf: image.name };
            case 'listed':
                // Read, but another list failed (no choice), or no release is on every image.
                return chosen
                    ? { kind: 'no-release', newest: newestRelease(listed.releases, isRelease), ...fipsMark(choice) }
                    : { kind: 'not-checked', why: 'no-release' };
        }
    };
    return {
        entries: images.map(image => {
            const decided = decide(image);
            return decided ? { image, decided } : { image };
        }),
        ...(outOfTimeOn === undefined ? {} : { outOfTimeOn })
    };
}

// EXTERNAL MODULE: ./src/http/loopback.ts
var loopback = __webpack_require__(507);
;// CONCATENATED MODULE: ./src/registry/auth-challenge.ts
// Pure parsing of WWW-Authenticate challenges (RFC 9110 section 11.6.1) and
// the checks on a Bearer realm before any credential is sent to it. No I/O.



const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const SPACE = /[ \t]*/y;
const SEPARATORS = /[ \t,]*/y;
const UNQUOTED = /[^\s,]*/y;
// Only when nothing but spaces, a comma or the end follows it; else it is a parameter's name.
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*(?=[ \t]*(?:,|$))/y;
/** Every challenge in WWW-Authenticate values; a value that stops making sense ends its parse. */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const values = typeof header === 'string' ? [header] : header;
    return values.flatMap(parseOne);
}
function parseOne(text) {
    const challenges = [];
    let i = 0;
    const take = (re) => {
        re.lastIndex = i;
        const m = re.exec(text);
        if (!m)
            return '';
        i = re.lastIndex;
        return m[0];
    };
    const quoted = () => {
        // text[i] is the opening quote; a backslash escapes the next character.
        let value = '';
        for (i++; i < text.length; i++) {
            const c = text.charAt(i);
            if (c === '\\' && i + 1 < text.length)
                value += text.charAt(++i);
            else if (c === '"') {
                i++;
                return value;
            }
            else
                value += c;
        }
        return undefined;
    };
    for (;;) {
        take(SEPARATORS);
        const scheme = take(TOKEN);
        if (scheme === '')
            return challenges;
        // A token68 (`Negotiate abc==`) follows its scheme directly, before any comma.
        take(SPACE);
        take(TOKEN68);
        const challenge = { scheme: scheme.toLowerCase(), params: Object.create(null) };
        challenges.push(challenge);
        // Parameters follow until the next scheme: a token not followed by '='.
        for (;;) {
            take(SEPARATORS);
            if (i >= text.length)
                return challenges;
            const start = i;
            const name = take(TOKEN);
            take(SPACE);
            if (name === '' || text[i] !== '=') {
                if (name === '')
                    return challenges; // not a parameter, not a scheme: stop reading
                i = start;
                break;
            }
            i++;
            take(SPACE);
            // Unquoted values are read up to the next comma or space, which also
            // keeps a token68's '=' padding and tolerates an unquoted URL.
            const value = text[i] === '"' ? quoted() : take(UNQUOTED);
            if (value === undefined)
                return challenges;
            const key = name.toLowerCase();
            if (!Object.hasOwn(challenge.params, key))
                challenge.params[key] = value;
            take(SPACE);
            if (i < text.length && text[i] !== ',')
                return challenges; // junk after a value
        }
    }
}
/** A Bearer realm gets the set's Basic credentials: https, or http to a loopback host (`api-url`'s
 * rule); no user info. A registry reached over https gets no http realm at all, loopback or not:
 * it has no business sending the runner's secret there. */
function checkRealm(realm, overHttps = false) {
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        return { ok: false, problem: { kind: 'not-a-url' } };
    }
    const problem = (0,loopback/* transportProblem */.B)(url);
    if (problem === 'not-http')
        return { ok: false, problem: { kind: 'scheme', scheme: url.protocol.replace(/:$/, '') } };
    if (problem === 'plain-http')
        return { ok: false, problem: { kind: 'plain-http' } };
    if (url.protocol === 'http:' && overHttps)
        return { ok: false, problem: { kind: 'downgrade' } };
    if (problem === 'user-info')
        return { ok: false, problem: { kind: 'credentials' } };
    if (url.hash !== '')
        return { ok: false, problem: { kind: 'fragment' } };
    return { ok: true, url };
}
/** The realm's own query kept, then service and one `scope` per scope, as docker sends them. */
function tokenUrl(realm, service, scopes) {
    const url = new URL(realm.href);
    if (service !== undefined)
        url.searchParams.append('service', service);
    for (const scope of scopes)
        url.searchParams.append('scope', scope);
    return url.href;
}
function pullScope(name) {
    return `repository:${name}:pull`;
}
const REALM_PROBLEMS = {
    'not-a-url': 'is not an absolute URL',
    'plain-http': 'uses plain http to a host that is not loopback, so the secret would travel unencrypted',
    downgrade: 'uses plain http although the registry itself is reached over https',
    credentials: 'carries a user name or password',
    fragment: 'has a fragment'
};
/** The realm checkRealm() refused, in words: the secret was not sent there. */
function realmRefused(registry, realm, problem) {
    const why = problem.kind === 'scheme' ? `uses ${problem.scheme}, not https` : REALM_PROBLEMS[problem.kind];
    return new errors/* ActionError */.lZ('Registry token realm refused', `The registry ${registry} sends clients for a token to ${JSON.stringify((0,sanitize/* sanitize */.aj)(realm, 200))}, which ${why}: ` +
        'the secret was not sent there and no image was checked. A registry must ask for tokens over https (plain http only on a loopback host); check `registry`.');
}

;// CONCATENATED MODULE: ./src/registry/sign-in.ts
// Signing in to a registry as docker does: GET /v2/ without credentials, then what its challenge
// asks for: one Bearer token for every repository, or Basic, proven once on /v2/. The header it
// yields serves every later request of the check.









/** No answer at all to a sign-in request fails the whole check. */
async function signInRequest(session, step, url, headers) {
    try {
        return { outcome: await send(session, 'GET', url, headers) };
    }
    catch (error) {
        if (!(error instanceof exchange/* NetworkFailure */.pM))
            throw error;
        const { registry } = session;
        if (error.pastDeadline)
            return {
                fatal: new errors/* ActionError */.lZ('Image check ran out of time', `${STEP[step].subject} of ${registry} had not answered when the image check's ${session.limitMs / 1000} s limit ran out, so no image was checked. ${messages/* TIMEOUT_ADVICE */.rR}`)
            };
        const gave = `${error.message}${error.tries}, so no image was checked.`;
        const fatal = error.timedOut
            ? new errors/* ActionError */.lZ('Registry timed out', `${STEP[step].subject} of ${registry} gave ${gave} ${messages/* TIMEOUT_ADVICE */.rR}`)
            : new errors/* ActionError */.lZ('Registry unreachable', `Could not reach ${STEP[step].object} of ${registry} (${error.message})${error.tries}, so no image was checked. ${(0,messages/* unreachableAdvice */.t6)('registry')}`);
        return { fatal };
    }
}
const ADVICE = {
    'not-a-registry': 'A registry answers GET /v2/ with 401 or 200: check `registry`.',
    unexpected: 'Check `registry`.',
    'no-token': 'Its body holds no usable token (a JSON object with `token` or `access_token` expected): check `registry`.'
};
function whyOf(answer, otherwise) {
    if (answer.status < 300 || answer.status >= 400)
        return otherwise;
    return { kind: 'redirect', to: redirectTarget(answer) };
}
function unexpected(session, step, outcome, why, quoted = true) {
    const { answer, attempts } = outcome;
    const { status } = answer;
    const said = quoted ? parseRegistryMessage(answer.body) : {};
    const advice = status === 429 || status >= 500
        ? ' The trouble is on the registry side: re-run later.'
        : why.kind === 'redirect'
            ? ` It redirected${why.to ? ` to ${JSON.stringify(why.to)}` : ''}, which this action does not follow so that credentials go nowhere else: set \`registry\` to the registry itself.`
            : why.kind === 'challenge'
                ? ` It asks for an authentication this action does not speak (challenges: ${why.schemes}; Bearer with a realm, or Basic, expected): check \`registry\`.`
                : ` ${ADVICE[why.kind]}`;
    return {
        fatal: new errors/* ActionError */.lZ('Unexpected registry answer', `${STEP[step].subject} of ${session.registry} answered HTTP ${status}${after(attempts)}, so no image was checked.${advice}${formatSaid(said)}`)
    };
}
/** To a request that carried the set's credentials, 401 or 403 means the secret is not the set's. */
function refusal(session, step, outcome) {
    const { status, body } = outcome.answer;
    if (status === 401 || status === 403) {
        const { registry, username } = session;
        const said = parseRegistryMessage(body);
        const who = step === 'token' ? "The registry's token endpoint" : 'The registry';
        const message = `${who} of ${registry} refused ${username} with the given secret (HTTP ${status}): ` +
            "`secret` does not belong to this credential set. Deepgram shows a set's secret only once, when the set is created: " +
            'pass that secret, or, if it is lost, create a new set and store its secret.' +
            formatSaid(said);
        return { fatal: new errors/* CredentialsRefused */.Rl('Registry credentials rejected', message, status, step === 'token', said) };
    }
    if (status < 200 || status >= 300)
        return unexpected(session, step, outcome, whyOf(outcome.answer, { kind: 'unexpected' }));
    return undefined;
}
function signInToRegistry(req) {
    return signIn(openSession(req));
}
async function signIn(session) {
    const probe = await signInRequest(session, 'api', `${session.base}/v2/`, {});
    if (probe.fatal)
        return probe;
    const { answer } = probe.outcome;
    if (answer.status >= 200 && answer.status < 300)
        return { signIn: 'anonymous' };
    if (answer.status !== 401)
        return unexpected(session, 'api', probe.outcome, whyOf(answer, { kind: 'not-a-registry' }));
    const followed = await followChallenge(session, answer);
    if (followed)
        return followed;
    const schemes = parseChallenges(answer.headers['www-authenticate'])
        .map(c => (0,sanitize/* sanitize */.aj)(c.scheme, 40))
        .join(', ') || 'none';
    return unexpected(session, 'api', probe.outcome, { kind: 'challenge', schemes }, false);
}
/** The sign-in a 401's challenge asks for, or undefined when it asks for none this action speaks. */
async function followChallenge(session, answer) {
    const challenges = parseChallenges(answer.headers['www-authenticate']);
    for (const c of challenges) {
        const realm = c.params['realm'];
        if (c.scheme === 'bearer' && realm !== undefined)
            return bearerToken(session, realm, c.params['service']);
    }
    if (challenges.some(c => c.scheme === 'basic'))
        return basicSignIn(session);
    return undefined;
}
function basicAuth(session) {
    return `Basic ${(0,src_common/* basicCredentials */.BG)(session.username, session.secret)}`;
}
async function bearerToken(session, realm, service) {
    const checked = checkRealm(realm, session.base.startsWith('https:'));
    if (!checked.ok)
        return { fatal: realmRefused(session.registry, realm, checked.problem) };
    const scopes = [...new Set(session.repositories.map(pullScope))];
    const headers = { Authorization: basicAuth(session), Accept: 'application/json' };
    const sent = await signInRequest(session, 'token', tokenUrl(checked.url, service, scopes), headers);
    if (sent.fatal)
        return sent;
    const refused = refusal(session, 'token', sent.outcome);
    if (refused)
        return refused;
    const token = readToken(sent.outcome.answer.body);
    if (token === undefined)
        return unexpected(session, 'token', sent.outcome, { kind: 'no-token' }, false);
    session.mask(token);
    return { header: `Bearer ${token}`, signIn: 'bearer' };
}
/** `token`, else `access_token`; undefined unless it can travel in a header. */
function readToken(body) {
    const o = (0,src_json/* jsonObject */.o$)(body);
    if (o === undefined)
        return undefined;
    const token = [o['token'], o['access_token']].find(t => typeof t === 'string' && t !== '');
    return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}
/** A Basic registry checks the credentials on every request: prove them once on /v2/. */
async function basicSignIn(session) {
    const header = basicAuth(session);
    const sent = await signInRequest(session, 'api', `${session.base}/v2/`, { Authorization: header });
    if (sent.fatal)
        return sent;
    return refusal(session, 'api', sent.outcome) ?? { header, signIn: 'basic' };
}

;// CONCATENATED MODULE: ./src/registry/client.ts





const rowOf = ({ image, result }) => ({ image, result });
/** Checks every entry's manifest with `auth`, the decided ones aside; `late` for those the deadline left. */
function checkEntries(session, entries, auth, late) {
    return (0,pool/* pool */.d)(entries, ({ image, decided }) => decided ? Promise.resolve({ image, result: decided }) : checkManifest(session, image, auth), {
        limit: CONCURRENCY,
        deadline: session.deadline,
        late: ({ image, decided }) => ({ image, result: decided ?? late() })
    });
}
/** Signs in (or takes a sign-in under way), gives the tagless images their release, then checks
 * every image, whatever fails. When /v2/ let an anonymous request in but a manifest asks for
 * credentials, its challenge is followed as docker does, then those manifests are asked again. */
async function checkImages(req, signedIn) {
    const session = openSession({ ...req, repositories: req.images.map(i => i.name) });
    const auth = await (signedIn ?? signIn(session));
    if (auth.fatal)
        return { rows: req.images.map(image => ({ image, result: { kind: 'not-checked' } })), fatal: auth.fatal };
    const released = await applyRelease(session, req.images, req.release, auth.header);
    const tagsOf = released.outOfTimeOn;
    const late = () => ({
        kind: 'not-checked',
        limitS: session.limitMs / 1000,
        ...(tagsOf === undefined ? {} : { tagsOf })
    });
    let checked = await checkEntries(session, released.entries, auth.header, late);
    let signedInAs = auth.signIn;
    const challenge = checked.find(c => c.challenge)?.challenge;
    if (challenge) {
        const followed = await followChallenge(session, challenge);
        if (followed?.fatal) {
            const rows = checked.map(c => c.challenge ? { image: c.image, result: { kind: 'not-checked' } } : rowOf(c));
            return { rows, fatal: followed.fatal };
        }
        if (followed) {
            signedInAs = followed.signIn;
            // Only the challenged manifests again, now with the token.
            const again = checked.map(c => (c.challenge ? { image: c.image } : { image: c.image, decided: c.result }));
            checked = await checkEntries(session, again, followed.header, late);
        }
    }
    const rows = checked.map(rowOf);
    return { rows, signIn: signedInAs, release: released.release };
}

// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(902);
;// CONCATENATED MODULE: ./src/registry/preflight.ts
// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (client.ts), log each result and
// build the `digests` and `images-json` outputs (and the release the tagless
// images got), or the one error that lists every problem. image-check.ts is
// how the main step starts and finishes it.











/** A registry token: masked in the log, and redacted from any server text shown. */
function maskToken(value) {
    core/* setSecret */.Pq(value);
    (0,sanitize/* hideInServerText */.iD)([value]);
}
/** Starts signing in to `registry` now, so that the image check costs the longer
 * of the API request and the sign-in, not their sum. Undefined when an image names
 * another registry: that is refused before any request, as before. */
function signInEarly(wanted) {
    const host = (0,image_ref/* registryHost */.U$)(wanted.registry);
    const { images, foreign } = (0,image_ref/* resolveImages */.Be)(wanted.images, wanted.registry);
    if (foreign.length || images.length === 0)
        return undefined;
    const deadline = Date.now() + IMAGE_CHECK_LIMIT_MS;
    const signedIn = signInToRegistry({
        registry: host,
        repositories: images.map(i => i.name),
        username: wanted.username,
        secret: wanted.secret,
        mask: maskToken,
        onRetry: message => core/* info */.pq(message),
        proxy: wanted.proxy,
        deadline
    });
    // Awaited only if the set checks out; until then a failure must not surface as unhandled.
    signedIn.catch(() => undefined);
    return { host, signedIn, deadline };
}
async function preflightImages(wanted, early) {
    const host = (0,image_ref/* registryHost */.U$)(wanted.registry);
    const { images, foreign } = (0,image_ref/* resolveImages */.Be)(wanted.images, wanted.registry);
    if (foreign.length)
        return refuseForeign(wanted, foreign, host);
    core/* info */.pq(`Checking ${images.length} image${images.length === 1 ? '' : 's'} on ${host} through the registry API.`);
    const since = Date.now();
    const checked = await checkWithRetries(wanted, images, host, early);
    const rows = checked.rows;
    const ctx = { registry: host, scopes: wanted.scopes };
    const lines = imageLines(rows, ctx);
    const refused = checked.fatal;
    if (refused instanceof errors/* CredentialsRefused */.Rl && wanted.newSet !== undefined) {
        const waited = Math.round((Date.now() - since) / 1000);
        const who = refused.byTokenEndpoint ? "The registry's token endpoint" : 'The registry';
        const error = new errors/* ActionError */.lZ('Registry credentials rejected', `${who} of ${host} still refused ${wanted.username}, the credential set made for ${wanted.newSet.madeFor}, after ${waited} s of retries (HTTP ${refused.status}). ` +
            "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider " +
            "(a mirror does not know Deepgram's new sets)." +
            formatSaid(refused.said));
        return { rows, lines, error, headline: error.title };
    }
    if (checked.fatal)
        return { rows, lines, error: checked.fatal, headline: checked.fatal.title };
    if (checked.signIn === 'anonymous')
        (0,errors/* warn */.R8)({
            title: 'Registry asked for no credentials',
            message: `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`
        });
    if (checked.release !== undefined) {
        const how = wanted.release?.kind === 'latest'
            ? `the newest ${wanted.release.fips === true ? 'FIPS release' : 'release'} every image without a tag has`
            : 'as `release` names it, for every image without a tag';
        core/* info */.pq(`Release: ${checked.release}, ${how}.`);
    }
    // Each image that will pull is logged, whether or not the others fail.
    const pinned = pins(rows, host);
    const error = failureOf(rows, ctx);
    if (error)
        return { rows, lines, error, headline: imagesFailedHeadline(rows, host) };
    return { rows, lines, ...pinned, ...(checked.release !== undefined ? { release: checked.release } : {}) };
}
/** Refused before any request: the secret goes to the set's registry only. */
function refuseForeign(wanted, foreign, host) {
    const rows = wanted.images.map((image) => foreign.includes(image)
        ? { image, result: { kind: 'foreign', registry: image.host ?? '' } }
        : { image, result: { kind: 'not-checked' } });
    const list = foreign.map(f => `${f.given} (registry ${f.host ?? ''})`).join(', ');
    const error = new errors/* ActionError */.lZ('Image on another registry', `\`images\` lists ${list}, but this credential set signs in to ${host} only: its secret is never sent to another registry, so no image was checked. ` +
        `Write those images as ${host}/<repository>:<tag> (or without a registry), or check them in a separate step for their registry.`);
    return {
        rows,
        lines: imageLines(rows, { registry: host, scopes: wanted.scopes }),
        error,
        headline: imagesFailedHeadline(rows, host)
    };
}
/** The check; a set made seconds ago may be refused until the registry knows it: tried again
 * (afresh, without the early sign-in, which serves only the registry it signed in to) until its
 * wait runs out. */
async function checkWithRetries(wanted, images, host, early) {
    const started = early?.host === host ? early : undefined;
    let refusals = 0;
    const judge = (answer) => {
        if (!(answer.fatal instanceof errors/* CredentialsRefused */.Rl) || wanted.newSet === undefined)
            return { retry: false };
        const wait = (0,retry/* newSetWait */.Kb)(wanted.newSet, ++refusals);
        if (wait === undefined)
            return { retry: false };
        const note = `Registry ${host} refused the new credential set ${wanted.username} (a set made seconds ago can take a few seconds ` +
            `to be accepted); retrying in ${(wait / 1000).toFixed(1)} s.`;
        return { retry: true, delayMs: wait, note };
    };
    const { username, secret, proxy, release } = wanted;
    const onRetry = (message) => core/* info */.pq(message);
    const { result } = await (0,retry/* retrying */.R$)(n => checkImages({
        registry: host,
        images,
        username,
        secret,
        mask: maskToken,
        onRetry,
        proxy,
        release,
        deadline: n === 1 ? started?.deadline : undefined
    }, n === 1 ? started?.signedIn : undefined), judge, retry/* sleep */.yy, onRetry);
    return result;
}
/** The `digests` and `images-json` outputs, each image that will pull logged. */
function pins(rows, host) {
    const digests = [];
    const json = [];
    for (const row of rows) {
        if (row.result.kind === 'ok') {
            core/* info */.pq(`${shownRef(row.image)}: will pull, ${row.result.digest}.`);
            digests.push(digestLine(row.image, row.result.digest));
            json.push(imageJson(row.image, host, row.result.digest));
        }
    }
    return { digests, json };
}


/***/ })

};
