package dev.parapet.graph;

/** What a vertex of the attack graph stands for. */
public enum VertexType {
  /** Where an attacker starts: the internet, any pod, any authenticated user, anonymous. */
  ENTRY_POINT("entry-point"),
  /** A user, group or service account. */
  IDENTITY("identity"),
  /** What an identity may do that matters for an attack: a role bound to it. */
  PERMISSION_SET("permission-set"),
  POD("pod"),
  CONTAINER("container"),
  /** A volume of a pod: a host path, a projected service-account token, a socket. */
  VOLUME("volume"),
  /** A node, root on it; a pod not yet scheduled runs on "the node it lands on". */
  NODE("node"),
  /** A Service port or host port reachable from outside the cluster. */
  ENDPOINT("endpoint"),
  /** What attackers want: cluster-admin power, kube-system's Secrets, etcd. */
  CROWN_JEWEL("crown-jewel");

  private final String label;

  VertexType(String label) {
    this.label = label;
  }

  /** The name in JSON and DOT output. */
  public String label() {
    return label;
  }
}
