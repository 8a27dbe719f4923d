package dev.parapet.rbac;

/**
 * A request on an API resource.
 *
 * @param apiGroup empty for the core group
 * @param subresource empty when none
 * @param namespace empty for a cluster-scoped resource or a request across all namespaces
 * @param name empty for list, watch, create and deletecollection
 */
public record ResourceRequest(
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name)
    implements Request {
  public ResourceRequest {
    verb = verb == null ? "" : verb;
    apiGroup = apiGroup == null ? "" : apiGroup;
    resource = resource == null ? "" : resource;
    subresource = subresource == null ? "" : subresource;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
  }

  public ResourceRequest in(String ns) {
    return new ResourceRequest(verb, apiGroup, resource, subresource, ns, name);
  }

  public ResourceRequest named(String n) {
    return new ResourceRequest(verb, apiGroup, resource, subresource, namespace, n);
  }

  /** {@code resource/subresource}, or the resource alone. */
  public String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(verb).append(' ').append(combinedResource());
    if (!apiGroup.isEmpty()) {
      sb.append('.').append(apiGroup);
    }
    if (!name.isEmpty()) {
      sb.append(' ').append(name);
    }
    return sb.append(namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace).toString();
  }
}
