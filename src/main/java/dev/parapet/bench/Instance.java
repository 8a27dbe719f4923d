package dev.parapet.bench;

import java.util.Map;
import java.util.Optional;

/**
 * One running copy of a component found in the input: several API servers of an HA control plane
 * are several instances, each judged on its own.
 *
 * @param name how results name it: {@code kube-system/kube-apiserver-cp1} for a pod
 * @param version the Kubernetes version its image tag names, for a Kubernetes component
 * @param files the files its flags name ({@code encryption-provider-config}, a kubelet's {@code
 *     config}) and CoreDNS's {@code Corefile}, by that flag, as found in the input or not
 */
public record Instance(
    ComponentSettings settings,
    String name,
    Optional<KubeVersion> version,
    Map<String, AttachedFile> files) {
  public Instance {
    files = Map.copyOf(files);
  }

  public Instance(ComponentSettings settings, String name, Optional<KubeVersion> version) {
    this(settings, name, version, Map.of());
  }

  public Component component() {
    return settings.component();
  }

  public Optional<AttachedFile> file(String key) {
    return Optional.ofNullable(files.get(key));
  }

  public Instance withFiles(Map<String, AttachedFile> more) {
    Map<String, AttachedFile> all = new java.util.LinkedHashMap<>(files);
    all.putAll(more);
    return new Instance(settings, name, version, all);
  }
}
