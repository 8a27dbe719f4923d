package dev.parapet.rbac;

/** What an identity asks the API server to do: a resource request or a non-resource request. */
public sealed interface Request permits ResourceRequest, NonResourceRequest {
  String verb();

  /**
   * A resource request; {@code resource} may be written {@code pods/exec} to name a subresource.
   * Cluster-wide (no namespace) and without a name until {@link ResourceRequest#in} and {@link
   * ResourceRequest#named}.
   */
  static ResourceRequest resource(String verb, String apiGroup, String resource) {
    int slash = resource.indexOf('/');
    String sub = slash < 0 ? "" : resource.substring(slash + 1);
    String res = slash < 0 ? resource : resource.substring(0, slash);
    return new ResourceRequest(verb, apiGroup, res, sub, "", "");
  }

  static NonResourceRequest nonResource(String verb, String path) {
    return new NonResourceRequest(verb, path);
  }
}
