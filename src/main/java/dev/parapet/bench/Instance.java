package dev.parapet.bench;

import java.util.Optional;

/**
 * One running copy of a component found in the input: several API servers of an HA control plane
 * are several instances, each judged on its own.
 *
 * @param name how results name it: {@code kube-system/kube-apiserver-cp1} for a pod
 * @param version the Kubernetes version its image tag names, for a Kubernetes component
 */
public record Instance(ComponentSettings settings, String name, Optional<KubeVersion> version) {
  public Component component() {
    return settings.component();
  }
}
