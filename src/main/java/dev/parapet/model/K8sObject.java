package dev.parapet.model;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes object as written, custom resources included: identity, labels and annotations,
 * the raw tree with positions, and where it came from.
 */
public final class K8sObject {
  /** Kinds that have no namespace; anything else is namespaced. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "APIService",
          "CertificateSigningRequest",
          "ClusterRole",
          "ClusterRoleBinding",
          "ComponentStatus",
          "CSIDriver",
          "CSINode",
          "CustomResourceDefinition",
          "FlowSchema",
          "IngressClass",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "MutatingWebhookConfiguration",
          "Namespace",
          "Node",
          "PersistentVolume",
          "PodSecurityPolicy",
          "PriorityClass",
          "PriorityLevelConfiguration",
          "RuntimeClass",
          "StorageClass",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "ValidatingWebhookConfiguration",
          "VolumeAttachment");

  private final String apiVersion;
  private final String kind;
  private final String namespace;
  private final String name;
  private final MapNode root;
  private final String file;
  private final int documentIndex;
  private final String helmSource;

  public K8sObject(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      MapNode root,
      String file,
      int documentIndex,
      String helmSource) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.namespace = namespace == null ? "" : namespace;
    this.name = name;
    this.root = root;
    this.file = file;
    this.documentIndex = documentIndex;
    this.helmSource = helmSource;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /** The API group, empty for the core group. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String kind() {
    return kind;
  }

  /** The namespace as written; empty when the manifest leaves it to the applier. */
  public String namespace() {
    return namespace;
  }

  /**
   * The namespace the object lands in when applied without {@code -n}: as written, else {@code
   * default} for namespaced kinds, else empty.
   */
  public String effectiveNamespace() {
    if (!namespace.isEmpty()) {
      return namespace;
    }
    return isClusterScoped() ? "" : "default";
  }

  public boolean isClusterScoped() {
    return CLUSTER_SCOPED.contains(kind);
  }

  public String name() {
    return name;
  }

  public MapNode root() {
    return root;
  }

  public String file() {
    return file;
  }

  public int documentIndex() {
    return documentIndex;
  }

  /** The Helm template ({@code # Source:}) this object was rendered from, or null. */
  public String helmSource() {
    return helmSource;
  }

  public ObjectRef ref() {
    return new ObjectRef(kind, isClusterScoped() ? "" : namespace, name);
  }

  public Location location() {
    return Location.of(this, root);
  }

  public Location locationOf(Node node) {
    return Location.of(this, node);
  }

  public Optional<MapNode> metadata() {
    return root.map("metadata");
  }

  public Map<String, String> labels() {
    return stringMap(metadata().flatMap(m -> m.map("labels")));
  }

  public Map<String, String> annotations() {
    return stringMap(metadata().flatMap(m -> m.map("annotations")));
  }

  /** A map of scalars as strings, in written order; non-scalar values are left out. */
  public static Map<String, String> stringMap(Optional<MapNode> node) {
    if (node.isEmpty() || node.get().isEmpty()) {
      return Map.of();
    }
    MapNode m = node.get();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < m.entries(); i++) {
      if (m.value(i) instanceof ScalarNode s) {
        out.put(m.key(i), s.isNull() ? "" : s.value());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return ref().toString();
  }
}
