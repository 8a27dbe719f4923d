package dev.parapet.rbac;

/** A request on a path outside the resource API, such as {@code /healthz} or {@code /version}. */
public record NonResourceRequest(String verb, String path) implements Request {
  public NonResourceRequest {
    verb = verb == null ? "" : verb;
    path = path == null ? "" : path;
  }

  @Override
  public String toString() {
    return verb + " " + path;
  }
}
