/**
 * The steps of the differential scenario where the test server answers differently from
 * a real kube-apiserver, each with the reason it stays so; the test server's README lists
 * the same. The suite fails on a difference missing here, and on an entry here that no
 * longer differs.
 */
export const knownDifferences: Record<string, string> = {
  'discovery: aggregated discovery when the client asks for it (kubectl 1.32 does)':
    'The test server serves only the legacy discovery documents. Clients that ask for aggregated discovery (apidiscovery.k8s.io/v2) take them as a fallback, as kubectl and client-go do.',
  'update: a pod spec change other than the image is 422':
    'Same code, reason, field and words; upstream appends a diff of the whole pod spec to the message, which the test server leaves out.',
  'list: a label selector that does not parse is 400':
    "Same 400 BadRequest; the test server's selector parser words syntax errors its own way, not with the words of labels.Parse's lexer.",
  'list: an invalid continue token is 400':
    "Same 400 BadRequest; the message quotes the JSON decoder's error, Go's on the real server and JavaScript's on the test server.",
  'watch: after a compaction, an old resourceVersion is 410 Expired':
    "The real API server serves watches from its watch cache, which an etcd compaction does not shorten: on a young cluster the cache still holds every event, so the watch replays them. The test server's compaction switch stands for a watch that fell out of that window, and answers with the ERROR 410 event a real server sends then. A real server shows the 410 after a compaction when its watch cache is off (startRealKubernetes({ watchCache: false })).",
  'list: after a compaction, Exact at an old resourceVersion is 410':
    "Likewise: the real server answers Exact lists from its watch cache's snapshots, so an etcd compaction does not make them 410; the test server's compaction does, as a real server does once the watch cache no longer holds the revision (or with the watch cache off).",
  'server-side apply: creates the object, owned by its field manager':
    'Server-side apply is not implemented: the test server answers 415 UnsupportedMediaType. Netseal does not use it; tests that need it run against the real server.',
  'server-side apply: another manager changing an owned field is 409':
    'Server-side apply is not implemented (415).',
  'server-side apply: force takes the field over':
    'Server-side apply is not implemented (415).',
  'server-side apply: without a field manager is 422':
    'Server-side apply is not implemented (415, before the missing fieldManager is looked at).',
  'kubectl: apply --server-side':
    "Server-side apply is not implemented: kubectl prints 'Server-side apply not available on the server' and exits 1.",
  'admission: a policy is stored with its defaults':
    'Same spec and defaults; the real server also answers an empty status, which its type checker fills in a moment later. The test server has no type checker and answers no status.',
  'admission: an expression that does not compile is 422 naming its field':
    "Same code, reason and field path; the compiler's words after 'compilation failed:' are @bufbuild/cel's, not cel-go's.",
  'admission: a well-typed policy’s status after type checking':
    'No type checker: the real server reports status.observedGeneration and an empty status.typeChecking once it has checked the CEL; the test server reports no status.',
  'admission: a type error is stored and reported in status.typeChecking':
    'No type checker: both servers store the policy, but only the real one reports the type error in status.typeChecking.expressionWarnings. On the test server the expression fails when evaluated, and then failurePolicy applies.',
};
