package dev.parapet.bench;

import java.util.Locale;
import java.util.Optional;

/** A Kubernetes component the CIS benchmark judges, known by the name of its binary. */
public enum Component {
  APISERVER("kube-apiserver"),
  CONTROLLER_MANAGER("kube-controller-manager"),
  SCHEDULER("kube-scheduler"),
  ETCD("etcd"),
  KUBELET("kubelet"),
  PROXY("kube-proxy"),
  COREDNS("coredns");

  private final String binary;

  Component(String binary) {
    this.binary = binary;
  }

  /** The binary's file name, as it appears in a command line or a static pod's command. */
  public String binary() {
    return binary;
  }

  /**
   * The component a command's first word starts, by its file name ({@code /usr/local/bin/kubelet},
   * {@code kube-apiserver}); hyperkube-style {@code hyperkube kubelet} is not recognised here.
   */
  public static Optional<Component> ofCommand(String executable) {
    String name = executable.substring(executable.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    for (Component c : values()) {
      if (c.binary.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
