package dev.parapet.graph;

/**
 * The ids of well-known vertices, so that builders meet on the same vertex. Ids are stable: {@code
 * TYPE:namespace/name...} for namespaced things, {@code TYPE:name} for the rest.
 */
public final class Ids {
  private Ids() {}

  public static final String INTERNET = "entry:internet";
  public static final String ANY_POD = "entry:any-pod";
  public static final String AUTHENTICATED = "entry:authenticated";
  public static final String ANONYMOUS = "entry:anonymous";

  public static final String CLUSTER_ADMIN = "jewel:cluster-admin";
  public static final String KUBE_SYSTEM_SECRETS = "jewel:kube-system-secrets";
  public static final String ETCD = "jewel:etcd";

  /** A workload's pods (a Deployment's pod template stands for all its pods). */
  public static String pod(String kind, String namespace, String name) {
    return "pod:" + kind + ":" + namespace + "/" + name;
  }

  public static String container(String podId, String container) {
    return "container:" + podId.substring("pod:".length()) + "/" + container;
  }

  public static String volume(String podId, String volume) {
    return "volume:" + podId.substring("pod:".length()) + "/" + volume;
  }

  /** A node by name; {@link #ANY_NODE} for pods the input does not pin to one. */
  public static String node(String name) {
    return "node:" + name;
  }

  /** The node a pod without nodeName lands on: any node the scheduler picks. */
  public static final String ANY_NODE = "node:(any)";

  /**
   * A control-plane node the input does not name: where the control plane's static pods run, and
   * where pods that tolerate its taint may land.
   */
  public static final String CONTROL_PLANE_NODE = "node:(control plane)";

  public static String user(String name) {
    return "identity:user:" + name;
  }

  public static String group(String name) {
    return "identity:group:" + name;
  }

  public static String serviceAccount(String namespace, String name) {
    return "identity:sa:" + namespace + "/" + name;
  }

  public static String endpoint(String namespace, String service, String port) {
    return "endpoint:" + namespace + "/" + service + ":" + port;
  }
}
