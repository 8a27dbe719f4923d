package dev.parapet.model;

import dev.parapet.source.Document;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Every object that was read, frozen after it is built, with indexes by kind and by identity.
 * Engines are pure functions of an inventory.
 */
public final class Inventory {
  private final List<K8sObject> objects;
  private final Map<String, List<K8sObject>> byKind;
  private final Map<ObjectRef, K8sObject> byRef;
  private final List<Problem> problems;
  private final List<K8sObject> configs;
  private final Map<K8sObject, Workload> workloads;

  /**
   * Results of pure functions of this inventory that several engines or checks ask for (an RBAC
   * index, a connectivity graph), computed once per key. The inventory itself never changes, so a
   * cached result never goes stale.
   */
  private final Map<Object, FutureTask<Object>> derived = new ConcurrentHashMap<>();

  private Inventory(List<K8sObject> objects, List<K8sObject> configs, List<Problem> problems) {
    this.objects = List.copyOf(objects);
    this.configs = List.copyOf(configs);
    this.problems = List.copyOf(problems);
    Map<String, List<K8sObject>> kinds = new HashMap<>();
    Map<ObjectRef, K8sObject> refs = new LinkedHashMap<>();
    Map<K8sObject, Workload> views = new IdentityHashMap<>();
    for (K8sObject o : this.objects) {
      kinds.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
      refs.putIfAbsent(o.ref(), o);
    }
    for (K8sObject o : this.objects) {
      if (!controlledByAnotherObject(o, refs)) {
        Workload.of(o).ifPresent(w -> views.put(o, w));
      }
    }
    this.workloads = Collections.unmodifiableMap(views);
    kinds.replaceAll((k, v) -> List.copyOf(v));
    this.byKind = Collections.unmodifiableMap(kinds);
    this.byRef = Collections.unmodifiableMap(refs);
  }

  /**
   * Component configuration files that were read (KubeletConfiguration, EncryptionConfiguration, an
   * audit Policy, AdmissionConfiguration, KubeProxyConfiguration, kubeadm's configuration, ...), in
   * input order. They are not cluster objects: no check of objects sees them, only the CIS
   * benchmark reads them, with an empty name.
   */
  public List<K8sObject> configs() {
    return configs;
  }

  public static Inventory of(List<K8sObject> objects) {
    return new Inventory(objects, List.of(), List.of());
  }

  /**
   * Builds the inventory from parsed documents. A {@code List} kind (anything ending in {@code
   * List} with {@code items}, as {@code kubectl get -o yaml} prints) contributes its items; a
   * document without apiVersion, kind or metadata.name is reported and skipped.
   */
  public static Inventory build(List<ParsedFile> files) {
    List<K8sObject> objects = new ArrayList<>();
    List<K8sObject> configs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (ParsedFile f : files) {
      for (Document d : f.documents()) {
        if (d.root() instanceof MapNode m && isComponentConfig(m)) {
          configs.add(
              new K8sObject(
                  m.string("apiVersion").orElse(""),
                  m.string("kind").orElse(""),
                  "",
                  "",
                  m,
                  d.file(),
                  d.index(),
                  d.helmSource()));
          continue;
        }
        add(d, d.root(), objects, problems);
      }
    }
    return new Inventory(objects, configs, problems);
  }

  /**
   * The API groups of component configuration files: they configure a kubelet, an API server, an
   * audit log or an admission plugin from a file on a node, are never applied to a cluster, and
   * carry no {@code metadata.name}.
   */
  private static final java.util.Set<String> CONFIG_GROUPS =
      java.util.Set.of(
          "kubelet.config.k8s.io",
          "kubeproxy.config.k8s.io",
          "kubescheduler.config.k8s.io",
          "kubecontrollermanager.config.k8s.io",
          "apiserver.config.k8s.io",
          "apiserver.k8s.io",
          "audit.k8s.io",
          "eventratelimit.admission.k8s.io",
          "pod-security.admission.config.k8s.io",
          "kubeadm.k8s.io");

  private static boolean isComponentConfig(MapNode m) {
    Optional<String> apiVersion = m.string("apiVersion");
    if (apiVersion.isEmpty() || m.string("kind").isEmpty() || m.seq("items").isPresent()) {
      return false;
    }
    int slash = apiVersion.get().indexOf('/');
    return slash > 0 && CONFIG_GROUPS.contains(apiVersion.get().substring(0, slash));
  }

  private static void add(Document d, Node node, List<K8sObject> out, List<Problem> problems) {
    add(d, node, "", "", out, problems);
  }

  /**
   * Adds one object; {@code itemKind} and {@code itemApiVersion} come from a typed list (a
   * PodList's items may leave out their own kind and apiVersion).
   */
  private static void add(
      Document d,
      Node node,
      String itemKind,
      String itemApiVersion,
      List<K8sObject> out,
      List<Problem> problems) {
    if (node instanceof ScalarNode s && s.isNull()) {
      return;
    }
    if (!(node instanceof MapNode m)) {
      problems.add(
          Problem.warning(
              d.file(),
              node.line(),
              node.column(),
              "not a Kubernetes object (document "
                  + (d.index() + 1)
                  + " is not a mapping); skipped"));
      return;
    }
    String kind = m.string("kind").orElse(itemKind);
    Optional<SeqNode> items = m.seq("items");
    String apiVersion = m.string("apiVersion").orElse(itemApiVersion);
    if (kind.endsWith("List") && items.isPresent()) {
      String typed = kind.equals("List") ? "" : kind.substring(0, kind.length() - "List".length());
      for (Node item : items.get().items()) {
        add(d, item, typed, kind.equals("List") ? "" : apiVersion, out, problems);
      }
      return;
    }
    if (NOT_CLUSTER_OBJECTS.contains(kind) || isLocalConfig(m)) {
      // kustomize configuration that can sit beside the manifests; it is not applied to a cluster
      return;
    }
    Optional<MapNode> metadata = m.map("metadata");
    String name =
        metadata
            .flatMap(md -> md.string("name"))
            .or(() -> metadata.flatMap(md -> md.string("generateName")))
            .orElse("");
    List<String> missing = new ArrayList<>();
    if (apiVersion.isEmpty()) {
      missing.add("apiVersion");
    }
    if (kind.isEmpty()) {
      missing.add("kind");
    }
    if (name.isEmpty()) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      problems.add(
          Problem.warning(
              d.file(),
              m.line(),
              m.column(),
              "not a Kubernetes object (no " + String.join(", ", missing) + "); skipped"));
      return;
    }
    String namespace = metadata.flatMap(md -> md.string("namespace")).orElse("");
    out.add(
        new K8sObject(apiVersion, kind, namespace, name, m, d.file(), d.index(), d.helmSource()));
  }

  /**
   * True when the object names a controller (an ownerReference with {@code controller: true}) that
   * is itself in the input: in a {@code kubectl get -A -o yaml} dump the pods of a Deployment and
   * its ReplicaSet repeat the Deployment's pod template, so only the controller is treated as the
   * workload and its findings are not reported three times.
   */
  private static boolean controlledByAnotherObject(K8sObject o, Map<ObjectRef, K8sObject> refs) {
    Optional<SeqNode> owners = o.metadata().flatMap(m -> m.seq("ownerReferences"));
    if (owners.isEmpty()) {
      return false;
    }
    for (Node n : owners.get().items()) {
      if (n instanceof MapNode owner
          && owner.bool("controller").orElse(false)
          && refs.containsKey(
              new ObjectRef(
                  owner.string("kind").orElse(""),
                  o.namespace(),
                  owner.string("name").orElse("")))) {
        return true;
      }
    }
    return false;
  }

  /** Kinds of kustomize configuration files, read from a manifest directory but never applied. */
  private static final java.util.Set<String> NOT_CLUSTER_OBJECTS =
      java.util.Set.of("Kustomization", "Component");

  private static boolean isLocalConfig(MapNode m) {
    return m.map("metadata")
        .flatMap(md -> md.map("annotations"))
        .flatMap(a -> a.string("config.kubernetes.io/local-config"))
        .filter("true"::equals)
        .isPresent();
  }

  /** Every object, in input order. */
  public List<K8sObject> objects() {
    return objects;
  }

  public List<K8sObject> ofKind(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  public Optional<K8sObject> get(ObjectRef ref) {
    return Optional.ofNullable(byRef.get(ref));
  }

  /** Problems met while building (documents skipped). */
  public List<Problem> problems() {
    return problems;
  }

  public int size() {
    return objects.size();
  }

  /** Namespace objects by name. */
  public Map<String, K8sObject> namespaces() {
    Map<String, K8sObject> out = new LinkedHashMap<>();
    for (K8sObject ns : ofKind("Namespace")) {
      out.putIfAbsent(ns.name(), ns);
    }
    return out;
  }

  /** Every workload (pod-spec holder), in input order. */
  public List<Workload> workloads() {
    List<Workload> out = new ArrayList<>();
    for (K8sObject o : objects) {
      workload(o).ifPresent(out::add);
    }
    return out;
  }

  /** The workload view of an object of this inventory, when its kind carries a pod spec. */
  public Optional<Workload> workload(K8sObject object) {
    return Optional.ofNullable(workloads.get(object));
  }

  /**
   * The result of {@code compute} on this inventory, computed at most once per {@code key} even
   * when several threads ask at the same time. {@code compute} must be a pure function of the
   * inventory; it may itself ask for other derived results.
   */
  @SuppressWarnings("unchecked")
  public <T> T derived(Object key, Function<Inventory, T> compute) {
    FutureTask<Object> task = new FutureTask<>(() -> compute.apply(this));
    FutureTask<Object> existing = derived.putIfAbsent(key, task);
    if (existing == null) {
      task.run();
      existing = task;
    }
    try {
      return (T) existing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing " + key, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
