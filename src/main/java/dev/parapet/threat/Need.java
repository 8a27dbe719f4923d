package dev.parapet.threat;

import java.util.Arrays;
import java.util.Optional;

/** An input a threat needs to be judged; without it the threat's status is unknown. */
public enum Need {
  /** A kube-apiserver static or mirror pod the CIS benchmark judged. */
  KUBE_APISERVER("kube-apiserver"),
  ETCD("etcd"),
  KUBELET("kubelet"),
  KUBE_SCHEDULER("kube-scheduler"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  COREDNS("coredns"),
  /** At least one workload with containers. */
  WORKLOADS("workloads"),
  /** At least one Role, ClusterRole or binding. */
  RBAC("rbac"),
  /** At least one Namespace object. */
  NAMESPACES("namespaces"),
  /** The scan was given the allowed image registries. */
  ALLOWED_REGISTRIES("allowed-registries");

  private final String label;

  Need(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<Need> of(String label) {
    return Arrays.stream(values()).filter(n -> n.label.equals(label)).findFirst();
  }
}
