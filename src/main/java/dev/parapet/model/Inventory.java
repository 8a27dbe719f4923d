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

/**
 * Every object that was read, frozen after it is built, with indexes by kind and by identity.
 * Engines are pure functions of an inventory.
 */
public final class Inventory {
  private final List<K8sObject> objects;
  private final Map<String, List<K8sObject>> byKind;
  private final Map<ObjectRef, K8sObject> byRef;
  private final List<Problem> problems;
  private final Map<K8sObject, Workload> workloads;

  private Inventory(List<K8sObject> objects, List<Problem> problems) {
    this.objects = List.copyOf(objects);
    this.problems = List.copyOf(problems);
    Map<String, List<K8sObject>> kinds = new HashMap<>();
    Map<ObjectRef, K8sObject> refs = new LinkedHashMap<>();
    Map<K8sObject, Workload> views = new IdentityHashMap<>();
    for (K8sObject o : this.objects) {
      kinds.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
      refs.putIfAbsent(o.ref(), o);
      Workload.of(o).ifPresent(w -> views.put(o, w));
    }
    this.workloads = Collections.unmodifiableMap(views);
    kinds.replaceAll((k, v) -> List.copyOf(v));
    this.byKind = Collections.unmodifiableMap(kinds);
    this.byRef = Collections.unmodifiableMap(refs);
  }

  public static Inventory of(List<K8sObject> objects) {
    return new Inventory(objects, List.of());
  }

  /**
   * Builds the inventory from parsed documents. A {@code List} kind (anything ending in {@code
   * List} with {@code items}, as {@code kubectl get -o yaml} prints) contributes its items; a
   * document without apiVersion, kind or metadata.name is reported and skipped.
   */
  public static Inventory build(List<ParsedFile> files) {
    List<K8sObject> objects = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (ParsedFile f : files) {
      for (Document d : f.documents()) {
        add(d, d.root(), objects, problems);
      }
    }
    return new Inventory(objects, problems);
  }

  private static void add(Document d, Node node, List<K8sObject> out, List<Problem> problems) {
    if (node instanceof ScalarNode s && s.isNull()) {
      return;
    }
    if (!(node instanceof MapNode m)) {
      problems.add(
          Problem.error(
              d.file(),
              node.line(),
              node.column(),
              "document " + (d.index() + 1) + " is not a mapping; skipped"));
      return;
    }
    String kind = m.string("kind").orElse("");
    Optional<SeqNode> items = m.seq("items");
    if (kind.endsWith("List") && items.isPresent()) {
      for (Node item : items.get().items()) {
        add(d, item, out, problems);
      }
      return;
    }
    String apiVersion = m.string("apiVersion").orElse("");
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
          Problem.error(
              d.file(),
              m.line(),
              m.column(),
              "object without " + String.join(", ", missing) + "; skipped"));
      return;
    }
    String namespace = metadata.flatMap(md -> md.string("namespace")).orElse("");
    out.add(
        new K8sObject(apiVersion, kind, namespace, name, m, d.file(), d.index(), d.helmSource()));
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
}
