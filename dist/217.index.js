export const id = 217;
export const ids = [217];
export const modules = {

/***/ 217:
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
// EXTERNAL MODULE: ./src/registry/image-ref.ts
var image_ref = __webpack_require__(230);
// EXTERNAL MODULE: ./src/json.ts
var src_json = __webpack_require__(301);
// EXTERNAL MODULE: ./src/sanitize.ts
var sanitize = __webpack_require__(540);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(916);
// EXTERNAL MODULE: ./src/deepgram/scopes.ts
var scopes = __webpack_require__(744);
// EXTERNAL MODULE: ./src/http/messages.ts
var messages = __webpack_require__(790);
;// CONCATENATED MODULE: ./src/registry/pins.ts
// Pure: an image reference once its tag is known, as the outputs give it (the
// `digests` line, the `images-json` object) and as messages and the summary show it.

/** The images given without a tag or digest get `tag`; the others stay as given. */
function withRelease(refs, tag) {
    return refs.map(ref => {
        if (ref.tag !== undefined || ref.digest !== undefined)
            return { ...ref };
        const released = { ...ref, tag, fromRelease: true };
        // A resolved image asks for its manifest by `reference`: the release, now.
        return 'reference' in ref ? { ...released, reference: tag } : released;
    });
}
/** The reference as the user wrote it, with the release's tag when it got one. */
function shownRef(ref) {
    return ref.fromRelease ? `${ref.given}:${ref.tag ?? ''}` : ref.given;
}
/** A `digests` line: the reference shown, pinned; one that names a digest stands as given. */
function digestLine(ref, digest) {
    return (0,image_ref/* pinned */.dp)({ ...ref, given: shownRef(ref) }, digest);
}
/** One `images-json` entry, on the registry the image was checked on. */
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

;// CONCATENATED MODULE: ./src/registry/messages.ts
// Every sentence a user reads about the registry and the image check: why an
// image would not pull and what to do, and failures of the registry as a whole. Pure.






function formatSaid(said) {
    if (said.message)
        return ` The registry said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`;
    if (said.code)
        return ` The registry said: ${said.code}.`;
    return '';
}
function repoAt(image, registry) {
    return `repository ${image.name} on ${registry}`;
}
function deniedAdvice(image, status, ctx) {
    const base = `this credential set cannot pull ${repoAt(image, ctx.registry)} (HTTP ${status} although the registry accepted the secret; ` +
        'quay answers the same for a repository that does not exist, so check the name too).';
    const hint = scopeHint(image.name);
    if (hint === undefined) {
        return `${base} Check that the set was created with the scope of the product this image belongs to.`;
    }
    const carried = (0,scopes/* checkScopes */.A6)(ctx.scopes, [hint]).ok;
    return carried
        ? `${base} Its name suggests the scope ${hint} (a hint: the mapping is not documented), which the set carries, so the registry grants the set less than its scopes say: ask Deepgram support, quoting the set's ID.`
        : `${base} Its name suggests the scope ${hint} (a hint: the mapping is not documented), which the set lacks: create a set with ${hint}, and add it to \`required-scopes\`.`;
}
/** What went wrong with one image and what to do; undefined when it will pull. */
function imageProblem(row, ctx) {
    const { image, result } = row;
    const r = result;
    switch (r.kind) {
        case 'ok':
            return undefined;
        case 'denied':
            return r.anonymous
                ? `the registry refused ${repoAt(image, ctx.registry)} to a request without credentials (HTTP ${r.status}) and asked for none this action can send ` +
                    '(a Bearer challenge with a realm, or Basic), so the secret was never sent and this check proved nothing about it: check `registry`.'
                : deniedAdvice(image, r.status, ctx);
        case 'unknown':
            if (image.fromRelease) {
                return `the release ${image.tag ?? ''} (from \`release\`) does not exist in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): set \`release\` to a release every image has, or to latest for the newest one they share.`;
            }
            return image.digest !== undefined
                ? `no manifest with digest ${image.digest} in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): check the digest, or pin a tag.`
                : `the tag ${image.tag ?? 'latest'} does not exist in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): check the tag against the release you deploy (Deepgram's tags look like release-YYMMDD) and the repository name.`;
        case 'mismatch':
            return `asked for digest ${image.digest ?? ''}, the registry answered with ${r.digest}: do not deploy this; re-run the job and report it if it persists.`;
        case 'redirected':
            return (`the registry redirected the manifest request (HTTP ${r.status}${r.location ? ` to ${JSON.stringify(r.location)}` : ''}), ` +
                'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.');
        case 'error': {
            const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
            const what = r.status === 429
                ? 'kept rate-limiting the request: re-run later.'
                : r.status >= 500
                    ? 'failed: the trouble is on the registry side; re-run later.'
                    : 'gave an answer this action does not expect for a manifest.';
            return `the registry answered HTTP ${r.status}${tries} and ${what}${formatSaid(r.said)}`;
        }
        case 'no-answer':
            return r.timedOut
                ? `${r.detail}: check the runner's network and proxy settings (${messages/* PROXY_VARIABLES */.bD}), then re-run.`
                : `could not reach the registry (${r.detail}): check \`registry\`, DNS and the proxy settings.`;
        case 'foreign':
            return `it names the registry ${r.registry}, not ${ctx.registry}, so it was not checked and no credentials were sent: write it as ${ctx.registry}/${image.name} or without a registry, or check it in a step for that registry.`;
        case 'not-manifest': {
            const what = r.badBody
                ? `a body that is not a manifest of its Content-Type ${JSON.stringify(r.contentType ?? '')}`
                : r.contentType
                    ? `Content-Type ${JSON.stringify(r.contentType)}, not one of the manifest types asked for`
                    : 'no Content-Type, where a manifest type was asked for';
            return `${ctx.registry} answered HTTP ${r.status} with ${what}: it does not look like a container registry (a website answers every path), so the image was not found there. Check \`registry\`.`;
        }
        case 'not-checked':
            if (r.limitS !== undefined) {
                return `not checked: the image check stops after ${r.limitS} s, and this image had no answer by then. Re-run the job; if it persists, the registry is slow or hangs on this manifest.`;
            }
            return r.why === 'no-release'
                ? "not checked: no release could be chosen, because another image's tags could not be read."
                : 'not checked: the registry check stopped before this image (see the error).';
        case 'tags-failed':
            return tagsProblem(image, r.failure, ctx);
        case 'no-release':
            return `${r.newest ? `its newest release is ${r.newest}` : 'it has no release tag (release-YYMMDD)'}, and no release is on every image given without a tag.`;
    }
}
const NAME_THE_RELEASE = 'Name the release in `release` (like release-260812) instead of latest.';
/** Why `release: latest` could not read an image's tags, and what to do. */
function tagsProblem(image, failure, ctx) {
    const f = failure;
    switch (f.kind) {
        case 'denied':
            return deniedAdvice(image, f.status, ctx);
        case 'unknown':
            return `the repository ${image.name} does not exist on ${ctx.registry} (HTTP ${f.status} on its tags list): check the name.`;
        case 'redirected':
            return (`the registry redirected the tags list (HTTP ${f.status}${f.location ? ` to ${JSON.stringify(f.location)}` : ''}), ` +
                'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.');
        case 'error': {
            const tries = f.attempts > 1 ? ` after ${f.attempts} attempts` : '';
            const what = f.status === 429 || f.status >= 500
                ? 're-run later, or name the release in `release`.'
                : `this action does not expect that for a tags list. ${NAME_THE_RELEASE}`;
            return `the registry answered its tags list with HTTP ${f.status}${tries}: ${what}${formatSaid(f.said)}`;
        }
        case 'no-answer':
            return f.timedOut
                ? `its tags list: ${f.detail}: check the runner's network and proxy settings (${messages/* PROXY_VARIABLES */.bD}), then re-run.`
                : `could not reach the registry for its tags list (${f.detail}): check \`registry\`, DNS and the proxy settings.`;
        case 'elsewhere':
            return `its tags list links the next page to ${JSON.stringify(f.url)}, which is not the tags list of ${image.name} on ${ctx.registry}: not followed, so that the token goes nowhere else. ${NAME_THE_RELEASE}`;
        case 'bad-link':
            return `its tags list names a next page that is not a URL (${JSON.stringify(f.url)}): not followed. ${NAME_THE_RELEASE}`;
        case 'loop':
            return `its tags list links back to a page already read: not followed again. ${NAME_THE_RELEASE}`;
        case 'too-many-pages':
            return `its tags list goes on past ${f.pages} pages: stopped there. ${NAME_THE_RELEASE}`;
        case 'bad-body':
            return `the registry's answer to its tags list is not a tags list ({"tags": [...]}, at most 1 MiB a page). ${NAME_THE_RELEASE}`;
    }
}
/** `release: latest` found no release that every tagless image has: the newest of each, and any other problem. */
function noCommonRelease(rows, ctx) {
    const newest = [];
    const others = [];
    for (const row of rows) {
        if (row.result.kind === 'no-release')
            newest.push(`${row.image.given}: ${row.result.newest ?? 'no release tag'}`);
        else {
            const problem = imageProblem(row, ctx);
            if (problem !== undefined)
                others.push(`- ${shownRef(row.image)}: ${problem}`);
        }
    }
    return new errors/* ActionError */.lZ('No common release', `\`release: latest\` found no release tag (release-YYMMDD) that every image given without a tag has on ${ctx.registry}, so it chose none and did not log in. ` +
        `The newest release of each: ${newest.join('; ')}. ` +
        'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.' +
        (others.length ? `\nAlso:\n${others.join('\n')}` : ''));
}
/** The summary's result column. */
function resultLabel(result) {
    switch (result.kind) {
        case 'ok':
            return '✓ will pull';
        case 'denied':
            return '✗ no access';
        case 'unknown':
            return '✗ not found';
        case 'mismatch':
            return '✗ digest mismatch';
        case 'foreign':
            return '✗ other registry';
        case 'not-manifest':
            return '✗ not a registry';
        case 'not-checked':
            return '– not checked';
        case 'tags-failed':
            return '✗ tags not read';
        case 'no-release':
            return '✗ no common release';
        default:
            return '✗ registry error';
    }
}
/** The one error for every image that would not pull. */
function imagesError(rows, ctx) {
    const problems = rows.flatMap(row => {
        const p = imageProblem(row, ctx);
        return p === undefined ? [] : [`- ${shownRef(row.image)}: ${p}`];
    });
    if (problems.length === 0)
        return undefined;
    const unchecked = rows.filter(row => row.result.kind === 'not-checked' && row.result.limitS !== undefined);
    const n = problems.length - unchecked.length;
    const of = `${rows.length} image${rows.length === 1 ? '' : 's'}`;
    if (unchecked.length) {
        const limit = (unchecked[0]?.result).limitS;
        const head = n > 0 ? `${n} of ${of} would not pull from ${ctx.registry}, and ` : `Of ${of} on ${ctx.registry}, `;
        return new errors/* ActionError */.lZ('Image check ran out of time', `${head}${unchecked.length} ${unchecked.length === 1 ? 'was' : 'were'} left unchecked when the image check's ${limit} s limit ran out; did not log in:\n${problems.join('\n')}`);
    }
    return new errors/* ActionError */.lZ('Images would not pull', `${n} of ${of} would not pull from ${ctx.registry}; did not log in:\n${problems.join('\n')}`);
}
/** The job summary's one line for a failed image check. */
function imagesFailedHeadline(rows, registry) {
    if (rows.some(row => row.result.kind === 'no-release'))
        return 'No release is on every image given without a tag';
    if (rows.some(row => row.result.kind === 'foreign'))
        return 'An image is on another registry: nothing was checked';
    const failed = rows.filter(row => row.result.kind !== 'ok').length;
    return `${failed} of ${rows.length} image${rows.length === 1 ? '' : 's'} would not pull from ${registry}`;
}
/** The references that name another registry: refused before any request. */
function foreignError(foreign, registry) {
    const list = foreign.map(f => `${f.given} (registry ${f.host ?? ''})`).join(', ');
    return new errors/* ActionError */.lZ('Image on another registry', `\`images\` lists ${list}, but this credential set signs in to ${registry} only: its secret is never sent to another registry, so no image was checked. ` +
        `Write those images as ${registry}/<repository>:<tag> (or without a registry), or check them in a separate step for their registry.`);
}
// Failures of the registry as a whole: no image could be checked.
const cap = (text) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
/** The registry (or its token endpoint) refused the set's credentials: the one registry failure
 * that a set made seconds ago may see before it becomes usable, so the caller can tell it apart. */
class CredentialsRefused extends errors/* ActionError */.lZ {
    status;
    byTokenEndpoint;
    said;
    constructor(title, message, status, byTokenEndpoint, said) {
        super(title, message);
        this.status = status;
        this.byTokenEndpoint = byTokenEndpoint;
        this.said = said;
        this.name = 'CredentialsRefused';
    }
}
function credentialsRejected(registry, username, status, byTokenEndpoint, said) {
    const where = byTokenEndpoint ? "the registry's token endpoint" : 'the registry';
    return new CredentialsRefused('Registry credentials rejected', `${cap(where)} of ${registry} refused ${username} with the given secret (HTTP ${status}): ` +
        "`secret` does not belong to this credential set. Deepgram shows a set's secret only once, when the set is created: " +
        'pass that secret, or, if it is lost, create a new set and store its secret.' +
        formatSaid(said), status, byTokenEndpoint, said);
}
/** A set made for this job, still refused when the wait for it ran out. */
function newSetStillRefused(registry, username, refused, waitedS) {
    const where = refused.byTokenEndpoint ? "the registry's token endpoint" : 'the registry';
    return new errors/* ActionError */.lZ('Registry credentials rejected', `${cap(where)} of ${registry} still refused ${username}, the credential set made for this job, after ${waitedS} s of retries (HTTP ${refused.status}). ` +
        "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider " +
        "(a mirror does not know Deepgram's new sets)." +
        formatSaid(refused.said));
}
/** The log line before another try of a set made seconds ago. */
function newSetRefusedNote(registry, username, delayMs) {
    return (`Registry ${registry} refused the new credential set ${username} (a set made seconds ago can take a few seconds ` +
        `to be accepted); retrying in ${(delayMs / 1000).toFixed(1)} s.`);
}
function realmRefused(registry, realm, problem) {
    return new errors/* ActionError */.lZ('Registry token realm refused', `The registry ${registry} sends clients for a token to ${JSON.stringify((0,sanitize/* sanitize */.aj)(realm, 200))}, which ${problem}: ` +
        'the secret was not sent there and no image was checked. A registry must ask for tokens over https (plain http only on a loopback host); check `registry`.');
}
function registryNoAnswer(registry, what, failure) {
    if (failure.timedOut) {
        return new errors/* ActionError */.lZ('Registry timed out', `${cap(what)} of ${registry} gave ${failure.detail}${failure.tries}, so no image was checked. ${messages/* TIMEOUT_ADVICE */.rR}`);
    }
    return new errors/* ActionError */.lZ('Registry unreachable', `Could not reach ${what} of ${registry} (${failure.detail})${failure.tries}, so no image was checked. ${(0,messages/* unreachableAdvice */.t6)('registry')}`);
}
function unexpectedRegistryAnswer(registry, what, status, attempts, said, advice) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const transient = status === 429 || status >= 500 ? ' The trouble is on the registry side: re-run later.' : ` ${advice}`;
    return new errors/* ActionError */.lZ('Unexpected registry answer', `${cap(what)} of ${registry} answered HTTP ${status}${tries}, so no image was checked.${transient}${formatSaid(said)}`);
}
/** The image check's time limit ran out while signing in. */
function signInOutOfTime(registry, what, limitS) {
    return new errors/* ActionError */.lZ('Image check ran out of time', `${cap(what)} of ${registry} had not answered when the image check's ${limitS} s limit ran out, so no image was checked. ${messages/* TIMEOUT_ADVICE */.rR}`);
}
// Advice for an answer the sign-in did not expect.
function redirectAdvice(to) {
    return `It redirected${to ? ` to ${JSON.stringify(to)}` : ''}, which this action does not follow so that credentials go nowhere else: set \`registry\` to the registry itself.`;
}
const CHECK_REGISTRY = 'Check `registry`.';
const PROBE_ADVICE = 'A registry answers GET /v2/ with 401 or 200: check `registry`.';
const NO_TOKEN_ADVICE = 'Its body holds no usable token (a JSON object with `token` or `access_token` expected): check `registry`.';
function unknownChallengeAdvice(schemes) {
    return `It asks for an authentication this action does not speak (challenges: ${schemes}; Bearer with a realm, or Basic, expected): check \`registry\`.`;
}
const MANIFEST_TOO_LARGE = 'the manifest is larger than 4 MiB, the most a registry may serve, so its digest cannot be checked';
// The log of the image check.
function checkingImages(count, host) {
    return `Checking ${count} image${count === 1 ? '' : 's'} on ${host} through the registry API.`;
}
function willPull(shown, digest) {
    return `${shown}: will pull, ${digest}.`;
}
/** The release the tagless images got. */
function releaseChosen(tag, latest) {
    return latest
        ? `Release: ${tag}, the newest release every image without a tag has.`
        : `Release: ${tag}, as \`release\` names it, for every image without a tag.`;
}
function anonymousRegistry(host) {
    return {
        title: 'Registry asked for no credentials',
        message: `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`
    };
}
/** Why a token realm is refused; realmRefused() puts it in a sentence. */
const realmProblem = {
    notAUrl: 'is not an absolute URL',
    scheme: (scheme) => `uses ${scheme}, not https`,
    plainHttp: 'uses plain http to a host that is not loopback, so the secret would travel unencrypted',
    downgrade: 'uses plain http although the registry itself is reached over https',
    credentials: 'carries a user name or password',
    fragment: 'has a fragment'
};

;// CONCATENATED MODULE: ./src/registry/image-report.ts
// Pure: registry answers as results, one per image, and the lines the job
// summary shows for them (the words are messages.ts's).




const str = (v, max = 200) => (0,sanitize/* textField */.M8)(v, max);
/** The distribution spec's error body (`{"errors":[{"code","message"}]}`), or
 * the `details`/`error` fields token servers use; sanitised. */
function parseRegistryMessage(body) {
    const o = (0,src_json/* jsonObject */.o$)(body);
    if (o === undefined)
        return {};
    const errors = o['errors'];
    if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
        const e = errors[0];
        return { code: str(e['code'], 60), message: str(e['message']) };
    }
    return { message: str(o['details']) ?? str(o['error_description']) ?? str(o['message']) ?? str(o['error']) };
}
const PRODUCTS = ['api', 'engine', 'license-proxy', 'billing', 'dgtools', 'hotpepper', 'metrics-server'];
/** The scope a repository's name suggests (self-hosted-engine -> self-hosted:product:engine,
 * onprem-api -> self-hosted:product:api). A hint only: Deepgram documents no mapping. */
function scopeHint(name) {
    const last = name.split('/').pop() ?? '';
    const m = /^(?:self-hosted|onprem)-(.+)$/.exec(last);
    return m && PRODUCTS.includes(m[1]) ? `self-hosted:product:${m[1]}` : undefined;
}
function imageLines(rows, ctx) {
    return rows.map(row => ({
        reference: shownRef(row.image),
        result: resultLabel(row.result),
        ...(row.result.kind === 'ok' ? { digest: row.result.digest } : { problem: imageProblem(row, ctx) })
    }));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
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
/** Every challenge in one or more WWW-Authenticate values. A value that stops
 * making sense ends its parse; what was read before it is kept. */
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
            const c = text[i];
            if (c === '\\' && i + 1 < text.length)
                value += text[++i];
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
/** A Bearer realm gets the set's Basic credentials: https only, or http to a
 * loopback host (the rule `api-url` follows); no user info. A registry that
 * is itself reached over https (`overHttps`) gets no http realm at all, not
 * even a loopback one: it has no business sending the runner's secret there. */
function checkRealm(realm, overHttps = false) {
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        return { ok: false, problem: realmProblem.notAUrl };
    }
    const problem = (0,loopback/* transportProblem */.B)(url);
    if (problem === 'not-http')
        return { ok: false, problem: realmProblem.scheme(url.protocol.replace(/:$/, '')) };
    if (problem === 'plain-http')
        return { ok: false, problem: realmProblem.plainHttp };
    if (url.protocol === 'http:' && overHttps)
        return { ok: false, problem: realmProblem.downgrade };
    if (problem === 'user-info')
        return { ok: false, problem: realmProblem.credentials };
    if (url.hash !== '')
        return { ok: false, problem: realmProblem.fragment };
    return { ok: true, url };
}
/** The token request URL: the realm's own query kept, then service and one
 * `scope` parameter per scope, as docker sends them. */
function tokenUrl(realm, service, scopes) {
    const url = new URL(realm.href);
    if (service !== undefined)
        url.searchParams.append('service', service);
    for (const scope of scopes)
        url.searchParams.append('scope', scope);
    return url.href;
}
/** The pull scope of a repository, as in the distribution token spec. */
function pullScope(name) {
    return `repository:${name}:pull`;
}

// EXTERNAL MODULE: ./src/http/exchange.ts + 1 modules
var exchange = __webpack_require__(728);
// EXTERNAL MODULE: ./src/common.ts
var common = __webpack_require__(26);
;// CONCATENATED MODULE: ./src/registry/tags.ts
// Pure logic of `release`: which tags are releases, the newest release every
// image has, a tags-list page, and the `Link` to the next page (RFC 8288).
// No I/O: the client (client.ts) does the requests.



/** The release tags among `tags`, in their order. */
function releaseTagsOf(tags) {
    return tags.filter(common/* isReleaseTag */.KH);
}
/** The newest release tag (YYMMDD compares as text), undefined when there is none. */
function newestRelease(tags) {
    let newest;
    for (const tag of releaseTagsOf(tags))
        if (newest === undefined || tag > newest)
            newest = tag;
    return newest;
}
/** The newest release tag that every list holds. */
function chooseRelease(lists) {
    const [first, ...rest] = lists.map(list => new Set(releaseTagsOf(list)));
    const common = [...(first ?? [])].filter(tag => rest.every(set => set.has(tag)));
    const release = newestRelease(common);
    return release !== undefined ? { ok: true, release } : { ok: false, newest: lists.map(l => newestRelease(l)) };
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

;// CONCATENATED MODULE: ./src/registry/manifest.ts
// Pure: what counts as a manifest. A host that answers every path with 200
// (a website set as `registry`) must not pass the image check, so an answer
// is a manifest only when its Content-Type is one of the types asked for and,
// when its body was read, that body is a manifest of that type. No I/O.

/** Every manifest type docker pull accepts, indexes first: the registry then
 * answers with the stored manifest, so the digest is the one a pull resolves
 * (a registry converts, or falls back to another type, when the stored one is not accepted). */
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json'
];
const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ');
const INDEX_TYPES = MANIFEST_TYPES.slice(0, 2);
/** The media type of a Content-Type header: parameters dropped, lower-cased; undefined when absent or blank. */
function mediaTypeOf(contentType) {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    return type ? type : undefined;
}
function isManifestType(type) {
    return type !== undefined && MANIFEST_TYPES.includes(type);
}
/** The body is a manifest of `type`: a JSON object of schema version 2 whose
 * mediaType (when it names one) is `type`, with `manifests` for an index or
 * a list, `config` and `layers` for an image manifest. */
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

;// CONCATENATED MODULE: ./src/registry/client.ts
// The registry client for the image preflight (Docker Registry HTTP API v2 /
// OCI distribution): sign in as docker does (GET /v2/, then a token from the
// Bearer realm or Basic credentials), then, for `release: latest`, the tags of
// each image given without a tag (page by page), then one HEAD per image
// manifest, all within one time limit. Sign-in is its own function: it can start before the
// Deepgram API has answered, and its header serves any later registry request.
// Deadlines, retries and proxies are http.ts's; messages are messages.ts's.













const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Manifests checked at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 4;
/** The whole image check, sign-in included, ends within this: hung manifests
 * must not hold a deploy for minutes. */
const IMAGE_CHECK_LIMIT_MS = 60_000;
function contextOf(req) {
    const limitMs = req.limitMs ?? IMAGE_CHECK_LIMIT_MS;
    return {
        ...req,
        images: req.images ?? [],
        base: (0,image_ref/* registryBaseUrl */.mO)(req.registry),
        limitMs,
        deadline: req.deadline ?? Date.now() + limitMs
    };
}
function noAnswer(ctx, what, failure) {
    if (failure.pastDeadline)
        return signInOutOfTime(ctx.registry, what, ctx.limitMs / 1000);
    return registryNoAnswer(ctx.registry, what, {
        timedOut: failure.timedOut,
        detail: failure.message,
        tries: failure.tries
    });
}
async function send(ctx, method, url, headers, service = `Registry ${ctx.registry}`, maxBodyBytes) {
    return (0,exchange/* exchange */.cv)({
        method,
        url,
        headers,
        service,
        policy: ctx.policy,
        onRetry: ctx.onRetry,
        sleep: ctx.sleep,
        maxBodyBytes,
        proxy: ctx.proxy,
        deadline: ctx.deadline
    });
}
// The distribution spec lets registries refuse manifests over 4 MiB; a longer
// body cannot be a manifest, and a cut one would hash to the wrong digest.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
function redirectTarget(answer) {
    const location = (0,exchange/* headerValue */.Z)(answer.headers['location']);
    return location === undefined ? undefined : (0,sanitize/* sanitize */.aj)(location, 200);
}
/** What to do about an answer the sign-in did not expect: a redirect is explained, anything else gets `otherwise`. */
function adviceFor(answer, otherwise) {
    if (answer.status < 300 || answer.status >= 400)
        return otherwise;
    const to = redirectTarget(answer);
    return redirectAdvice(to);
}
function basicAuth(username, secret) {
    return `Basic ${(0,common/* basicCredentials */.BG)(username, secret)}`;
}
/** One sign-in request; no answer at all fails the whole check. */
async function signInRequest(ctx, what, url, headers) {
    try {
        return { outcome: await send(ctx, 'GET', url, headers) };
    }
    catch (error) {
        if (error instanceof exchange/* NetworkFailure */.pM)
            return { fatal: noAnswer(ctx, what, error) };
        throw error;
    }
}
/** The answer to a request that carried the set's credentials: 401 or 403 means the secret is not the set's. */
function refusal(ctx, what, outcome, byTokenEndpoint) {
    const { answer, attempts } = outcome;
    const said = parseRegistryMessage(answer.body);
    if (answer.status === 401 || answer.status === 403) {
        return credentialsRejected(ctx.registry, ctx.username, answer.status, byTokenEndpoint, said);
    }
    if (answer.status < 200 || answer.status >= 300) {
        return unexpectedRegistryAnswer(ctx.registry, what, answer.status, attempts, said, adviceFor(answer, CHECK_REGISTRY));
    }
    return undefined;
}
/** Signs in as docker does: GET /v2/ without credentials, then whatever its
 * challenge asks for (one token covering every repository, or Basic). */
async function signInToRegistry(req) {
    return signIn(contextOf(req));
}
async function signIn(ctx) {
    const what = 'the registry API (GET /v2/)';
    const probe = await signInRequest(ctx, what, `${ctx.base}/v2/`, {});
    if (probe.fatal)
        return probe;
    const { answer, attempts } = probe.outcome;
    if (answer.status >= 200 && answer.status < 300)
        return { signIn: 'anonymous' };
    if (answer.status !== 401) {
        const advice = adviceFor(answer, PROBE_ADVICE);
        return {
            fatal: unexpectedRegistryAnswer(ctx.registry, what, answer.status, attempts, parseRegistryMessage(answer.body), advice)
        };
    }
    const followed = await followChallenge(ctx, answer);
    if (followed)
        return followed;
    const schemes = challengeSchemes(answer);
    const advice = unknownChallengeAdvice(schemes);
    return { fatal: unexpectedRegistryAnswer(ctx.registry, what, 401, attempts, {}, advice) };
}
function challengeSchemes(answer) {
    return (parseChallenges(answer.headers['www-authenticate'])
        .map(c => (0,sanitize/* sanitize */.aj)(c.scheme, 40))
        .join(', ') || 'none');
}
/** The sign-in a 401's challenge asks for, or undefined when it asks for none this action speaks. */
async function followChallenge(ctx, answer) {
    const challenges = parseChallenges(answer.headers['www-authenticate']);
    const bearer = challenges.find(c => c.scheme === 'bearer' && c.params['realm'] !== undefined);
    if (bearer)
        return bearerToken(ctx, bearer.params['realm'], bearer.params['service']);
    if (challenges.some(c => c.scheme === 'basic'))
        return basicSignIn(ctx);
    return undefined;
}
/** One token for every repository, asked with the set's Basic credentials. */
async function bearerToken(ctx, realm, service) {
    const checked = checkRealm(realm, ctx.base.startsWith('https:'));
    if (!checked.ok)
        return { fatal: realmRefused(ctx.registry, realm, checked.problem) };
    const what = 'the token endpoint';
    const scopes = [...new Set(ctx.repositories.map(pullScope))];
    const sent = await signInRequest(ctx, what, tokenUrl(checked.url, service, scopes), {
        Authorization: basicAuth(ctx.username, ctx.secret),
        Accept: 'application/json'
    });
    if (sent.fatal)
        return sent;
    const refused = refusal(ctx, what, sent.outcome, true);
    if (refused)
        return { fatal: refused };
    const token = readToken(sent.outcome.answer.body);
    if (token === undefined) {
        const advice = NO_TOKEN_ADVICE;
        return {
            fatal: unexpectedRegistryAnswer(ctx.registry, what, sent.outcome.answer.status, sent.outcome.attempts, {}, advice)
        };
    }
    ctx.mask(token);
    return { header: `Bearer ${token}`, signIn: 'bearer' };
}
/** `token`, else `access_token` (both are in the spec); undefined unless it can travel in a header. */
function readToken(body) {
    const o = (0,src_json/* jsonObject */.o$)(body);
    if (o === undefined)
        return undefined;
    const token = [o['token'], o['access_token']].find(t => typeof t === 'string' && t !== '');
    return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}
/** A Basic registry checks the credentials on every request: prove them once on /v2/. */
async function basicSignIn(ctx) {
    const what = 'the registry API (GET /v2/)';
    const header = basicAuth(ctx.username, ctx.secret);
    const sent = await signInRequest(ctx, what, `${ctx.base}/v2/`, { Authorization: header });
    if (sent.fatal)
        return sent;
    const refused = refusal(ctx, what, sent.outcome, false);
    return refused ? { fatal: refused } : { header, signIn: 'basic' };
}
function sha256(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
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
    if (!isManifestType(type))
        return { kind: 'not-manifest', status: answer.status, contentType: shown };
    if (withBody && !isManifestOf(type, answer.body)) {
        return { kind: 'not-manifest', status: answer.status, contentType: shown, badBody: true };
    }
    return undefined;
}
async function checkOne(ctx, image, auth) {
    const url = `${ctx.base}/v2/${image.name}/manifests/${image.reference}`;
    const headers = { Accept: MANIFEST_ACCEPT };
    if (auth !== undefined)
        headers['Authorization'] = auth;
    const anonymous = auth === undefined;
    const service = `Registry ${ctx.registry}, ${image.name}${image.digest ? '@' : ':'}${image.reference}`;
    const getManifest = () => send(ctx, 'GET', url, headers, service, MAX_MANIFEST_BYTES);
    try {
        const head = await send(ctx, 'HEAD', url, headers, service);
        // A registry (or proxy) that refuses HEAD on manifests serves them on GET.
        const first = head.answer.status === 405 ? await getManifest() : head;
        const { answer } = first;
        const gotBody = first !== head;
        let digest;
        if (answer.status >= 200 && answer.status < 300) {
            const wrong = notManifest(answer, gotBody);
            if (wrong)
                return { result: wrong };
            digest = (0,exchange/* headerValue */.Z)(answer.headers['docker-content-digest'])?.trim();
            if (gotBody || digest === undefined || !DIGEST.test(digest)) {
                // No usable digest header: the digest is the sha256 of the manifest as served.
                const get = gotBody ? first : await getManifest();
                if (get.answer.status < 200 || get.answer.status >= 300)
                    return { result: failed(get, anonymous) };
                if (get.answer.truncated) {
                    return {
                        result: {
                            kind: 'error',
                            status: get.answer.status,
                            attempts: get.attempts,
                            said: { message: MANIFEST_TOO_LARGE }
                        }
                    };
                }
                const wrongBody = notManifest(get.answer, true);
                if (wrongBody)
                    return { result: wrongBody };
                digest = sha256(get.answer.bytes);
            }
        }
        else if (answer.status === 401 && anonymous) {
            return { result: failed(first, true), challenge: answer };
        }
        else if (!gotBody &&
            answer.status >= 400 &&
            answer.status < 500 &&
            ![401, 403, 404, 429].includes(answer.status)) {
            // A HEAD answer has no body: fetch the error body once to quote its code and message.
            return { result: failed(await send(ctx, 'GET', url, headers, service), anonymous) };
        }
        else
            return { result: failed(first, anonymous) };
        if (image.digest !== undefined && digest !== image.digest)
            return { result: { kind: 'mismatch', digest } };
        return { result: { kind: 'ok', digest } };
    }
    catch (error) {
        if (error instanceof exchange/* NetworkFailure */.pM) {
            if (error.pastDeadline)
                return { result: { kind: 'not-checked', limitS: ctx.limitMs / 1000 } };
            return { result: { kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` } };
        }
        throw error;
    }
}
/** Runs `fn` over the items, at most `limit` at a time, results in order;
 * items not started by the deadline get `late`. */
async function pool(items, limit, fn, deadline, late) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = Date.now() >= deadline ? late() : await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/** Pages read at most per repository: 200 of quay.io's pages of 50 are 10,000 tags. */
const MAX_TAG_PAGES = 200;
// A page of tags is small; a longer answer is not one.
const MAX_TAGS_PAGE_BYTES = 1024 * 1024;
/** Every tag of one repository, following `Link: <…>; rel="next"` page by page,
 * on the registry's own origin only (tags.ts decides what is followed). */
async function listTags(ctx, name, auth) {
    const path = `/v2/${name}/tags/list`;
    let url = `${ctx.base}${path}`;
    const read = new Set([url]);
    const headers = { Accept: 'application/json' };
    if (auth !== undefined)
        headers['Authorization'] = auth;
    const service = `Registry ${ctx.registry}, tags of ${name}`;
    const tags = [];
    try {
        for (let page = 1;; page++) {
            const { answer, attempts } = await send(ctx, 'GET', url, headers, service, MAX_TAGS_PAGE_BYTES);
            const status = answer.status;
            if (status === 401 || status === 403)
                return { ok: false, failure: { kind: 'denied', status } };
            if (status === 404)
                return { ok: false, failure: { kind: 'unknown', status } };
            if (status >= 300 && status < 400) {
                return { ok: false, failure: { kind: 'redirected', status, location: redirectTarget(answer) } };
            }
            if (status < 200 || status >= 300) {
                return { ok: false, failure: { kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) } };
            }
            const listed = answer.truncated ? undefined : parseTagsPage(answer.body);
            if (listed === undefined)
                return { ok: false, failure: { kind: 'bad-body' } };
            tags.push(...listed);
            const next = nextPage(answer.headers['link'], url, path);
            if (next.kind === 'last')
                return { ok: true, tags };
            if (next.kind === 'elsewhere')
                return { ok: false, failure: { kind: 'elsewhere', url: next.url } };
            if (next.kind === 'bad')
                return { ok: false, failure: { kind: 'bad-link', url: next.url } };
            if (read.has(next.url))
                return { ok: false, failure: { kind: 'loop' } };
            if (page >= MAX_TAG_PAGES)
                return { ok: false, failure: { kind: 'too-many-pages', pages: page } };
            read.add(next.url);
            url = next.url;
        }
    }
    catch (error) {
        if (error instanceof exchange/* NetworkFailure */.pM) {
            const failure = {
                kind: 'no-answer',
                timedOut: error.timedOut,
                detail: `${error.message}${error.tries}`
            };
            return { ok: false, failure };
        }
        throw error;
    }
}
/** Gives the tagless images their tag: the one named, or the newest release
 * they all have (one tags request per page per tagless image, nothing more). */
async function applyRelease(ctx, auth) {
    const images = [...ctx.images];
    const decided = images.map(() => undefined);
    const choice = ctx.release;
    if (choice === undefined)
        return { images, decided };
    if (choice.kind === 'named')
        return { images: withRelease(images, choice.tag), decided, release: choice.tag };
    const tagless = images.flatMap((image, i) => (image.tag === undefined && image.digest === undefined ? [i] : []));
    if (tagless.length === 0)
        return { images, decided };
    // One list per repository, even if two references name it.
    const names = [...new Set(tagless.map(i => images[i].name))];
    const lists = await pool(names, CONCURRENCY, name => listTags(ctx, name, auth), ctx.deadline, () => ({
        ok: false,
        failure: { kind: 'no-answer', timedOut: true, detail: `the image check's ${ctx.limitMs / 1000} s limit ran out` }
    }));
    const byName = new Map(names.map((name, i) => [name, lists[i]]));
    const failed = lists.some(l => !l.ok);
    const chosen = failed ? undefined : chooseRelease(lists.map(l => (l.ok ? l.tags : [])));
    if (chosen?.ok)
        return { images: withRelease(images, chosen.release), decided, release: chosen.release };
    for (const i of tagless) {
        const listed = byName.get(images[i].name);
        if (!listed.ok)
            decided[i] = { kind: 'tags-failed', failure: listed.failure };
        else if (chosen && !chosen.ok) {
            decided[i] = { kind: 'no-release', newest: chosen.newest[names.indexOf(images[i].name)] };
        }
        else
            decided[i] = { kind: 'not-checked', why: 'no-release' };
    }
    return { images, decided };
}
/** Signs in (or takes a sign-in already under way), gives the tagless images
 * their release, then checks every image (all of them, whatever fails), within
 * the time limit. Requests are one /v2/ probe, one token request (or the Basic
 * check), with `release: latest` one per page of each tagless image's tags, one
 * HEAD per image, and a GET
 * only for an image whose answer lacks a digest or an error body, or whose
 * HEAD was refused. When /v2/ let an anonymous request in but a manifest asks
 * for credentials, its challenge is followed as docker does: one token request
 * for every repository, then those manifests again. */
async function checkImages(req, signedIn) {
    const ctx = contextOf({ ...req, repositories: req.images.map(i => i.name) });
    const deadline = ctx.deadline;
    const auth = await (signedIn ?? signIn(ctx));
    const notChecked = () => req.images.map(image => ({ image, result: { kind: 'not-checked' } }));
    if (auth.fatal)
        return { rows: notChecked(), fatal: auth.fatal };
    const late = () => ({ result: { kind: 'not-checked', limitS: ctx.limitMs / 1000 } });
    const released = await applyRelease(ctx, auth.header);
    const images = released.images;
    const checked = await pool(images, CONCURRENCY, async (image, i) => {
        const decided = released.decided[i];
        return decided ? { result: decided } : checkOne(ctx, image, auth.header);
    }, deadline, late);
    let signedInAs = auth.signIn;
    const challenged = checked.flatMap((c, i) => (c.challenge ? [i] : []));
    const challenge = checked.find(c => c.challenge)?.challenge;
    if (challenge) {
        const followed = await followChallenge(ctx, challenge);
        if (followed?.fatal) {
            const rows = images.map((image, i) => ({
                image,
                result: challenged.includes(i) ? { kind: 'not-checked' } : checked[i].result
            }));
            return { rows, fatal: followed.fatal };
        }
        if (followed) {
            signedInAs = followed.signIn;
            const again = await pool(challenged.map(i => images[i]), CONCURRENCY, image => checkOne(ctx, image, followed.header), deadline, late);
            challenged.forEach((i, n) => (checked[i] = again[n]));
        }
    }
    const rows = images.map((image, i) => ({ image, result: checked[i].result }));
    return { rows, signIn: signedInAs, ...(released.release !== undefined ? { release: released.release } : {}) };
}

// EXTERNAL MODULE: ./src/http/retry.ts
var retry = __webpack_require__(902);
;// CONCATENATED MODULE: ./src/registry/preflight.ts
// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (registry.ts), log each result and
// build the `digests` and `images-json` outputs (and the release the tagless
// images got), or the one error that lists every problem.








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
    if (foreign.length) {
        // Refused before any request: the secret goes to the set's registry only.
        const rows = wanted.images.map(image => foreign.includes(image)
            ? { image, result: { kind: 'foreign', registry: image.host ?? '' } }
            : { image, result: { kind: 'not-checked' } });
        return {
            rows,
            lines: imageLines(rows, { registry: host, scopes: wanted.scopes }),
            error: foreignError(foreign, host),
            headline: imagesFailedHeadline(rows, host)
        };
    }
    core/* info */.pq(checkingImages(images.length, host));
    // The early sign-in serves only the registry it signed in to.
    const started = early?.host === host ? early : undefined;
    const since = Date.now();
    let refusals = 0;
    // A set made seconds ago may be refused until the registry knows it: tried again (afresh,
    // without the early sign-in) until its wait runs out.
    const judge = (answer) => {
        if (!(answer.fatal instanceof CredentialsRefused) || wanted.newSetUntil === undefined)
            return { retry: false };
        const wait = (0,retry/* waitWithin */.rE)(wanted.newSetUntil, (0,retry/* backoffDelay */.EY)(++refusals, retry/* NEW_SET_RETRY */.LS));
        if (wait === undefined)
            return { retry: false };
        return { retry: true, delayMs: wait, note: newSetRefusedNote(host, wanted.username, wait) };
    };
    const { result: checked } = await (0,retry/* retrying */.R$)(n => checkImages({
        registry: host,
        images,
        username: wanted.username,
        secret: wanted.secret,
        mask: maskToken,
        onRetry: message => core/* info */.pq(message),
        proxy: wanted.proxy,
        release: wanted.release,
        deadline: n === 1 ? started?.deadline : undefined
    }, n === 1 ? started?.signedIn : undefined), judge, retry/* sleep */.yy, note => core/* info */.pq(note));
    const rows = checked.rows;
    const ctx = { registry: host, scopes: wanted.scopes };
    const lines = imageLines(rows, ctx);
    if (checked.fatal instanceof CredentialsRefused && wanted.newSetUntil !== undefined) {
        const waited = Math.round((Date.now() - since) / 1000);
        const error = newSetStillRefused(host, wanted.username, checked.fatal, waited);
        return { rows, lines, error, headline: error.title };
    }
    if (checked.fatal)
        return { rows, lines, error: checked.fatal, headline: checked.fatal.title };
    if (checked.signIn === 'anonymous') {
        const anonymous = anonymousRegistry(host);
        core/* warning */.$e(anonymous.message, { title: anonymous.title });
    }
    if (checked.release !== undefined)
        core/* info */.pq(releaseChosen(checked.release, wanted.release?.kind === 'latest'));
    const digests = [];
    const json = [];
    for (const row of rows) {
        if (row.result.kind === 'ok') {
            core/* info */.pq(willPull(shownRef(row.image), row.result.digest));
            digests.push(digestLine(row.image, row.result.digest));
            json.push(imageJson(row.image, host, row.result.digest));
        }
    }
    const error = rows.some(row => row.result.kind === 'no-release') ? noCommonRelease(rows, ctx) : imagesError(rows, ctx);
    if (error)
        return { rows, lines, error, headline: imagesFailedHeadline(rows, host) };
    return { rows, lines, digests, json, ...(checked.release !== undefined ? { release: checked.release } : {}) };
}


/***/ })

};
