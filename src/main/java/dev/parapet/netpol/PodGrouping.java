package dev.parapet.netpol;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.LabelSelector;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the workloads of an inventory become {@link PodGroup}s, shared by {@link Connectivity} and
 * {@link WorkloadGroups} so that every command names a group alike.
 *
 * <ul>
 *   <li>A Pod is shown as its controller: the ownerReference with {@code controller: true}, as
 *       Kubernetes' {@code metav1.GetControllerOf} and netpol-analyzer read it; other references
 *       (garbage-collection owners) say nothing about a shared template and are ignored. A Pod
 *       without a controller, or whose controller is a Node (a static pod's mirror), is its own
 *       group, shown as the Pod.
 *   <li>A ReplicaSet folds into its Deployment: through the ReplicaSet's own controller reference
 *       when the ReplicaSet is in the input, else by name when a Deployment {@code D} of the
 *       namespace exists and the ReplicaSet is named {@code D-<pod-template-hash>} (the name the
 *       Deployment controller gives it, and the label it puts on the pods). A Job folds into its
 *       CronJob alike: by the Job's controller reference, else when a CronJob {@code C} exists and
 *       the Job is named {@code C-<scheduled minute>}. So a Deployment and its pods in one input
 *       ({@code kubectl get pods,deployments}) are one group.
 *   <li>The members of one controller (its own template, its pods) are one group when no pod
 *       selector of the input's policies tells their labels apart and they have the same named
 *       ports and host network: netpol-analyzer keeps one label variant per owner and names them
 *       alike (its {@code example_pods_w_same_owner_and_labels_gap_*} cases). When some selector
 *       tells them apart (a StatefulSet's {@code statefulset.kubernetes.io/pod-name}), merging
 *       would give every member the first one's verdict, so each member is its own group, shown as
 *       itself ({@code namespace/kafka-1[Pod]}).
 * </ul>
 */
final class PodGrouping {
  private static final String TEMPLATE_HASH = "pod-template-hash";
  private static final Pattern SCHEDULED = Pattern.compile("(.+)-\\d+");

  /** The groups, sorted by display name, and the workload shown for each display name. */
  record Result(List<PodGroup> groups, Map<String, Workload> workloads) {
    Result {
      groups = List.copyOf(groups);
      workloads = Map.copyOf(workloads);
    }
  }

  /** One workload object with the controller it is shown as. */
  private record Member(Workload workload, String owner, String kind, PodGroup alone) {
    boolean isOwner() {
      K8sObject o = workload.object();
      return o.name().equals(owner) && o.kind().equals(kind);
    }
  }

  private PodGrouping() {}

  static Result of(Inventory inventory, List<Policy> policies) {
    Map<String, K8sObject> controllers = new HashMap<>();
    for (K8sObject o : inventory.objects()) {
      controllers.putIfAbsent(key(o.effectiveNamespace(), o.kind(), o.name()), o);
    }
    List<LabelSelector> selectors = selectors(policies);
    Map<String, List<Member>> byOwner = new LinkedHashMap<>();
    for (K8sObject o : inventory.objects()) {
      // Every object with a pod template, also those Inventory#workloads leaves to their
      // controller: a controller's pods may carry labels its template lacks (a StatefulSet's
      // pod-name), which policies may select.
      Optional<Workload> view = inventory.workload(o).or(() -> Workload.of(o));
      if (view.isEmpty() || o.kind().equals("PodTemplate")) {
        continue;
      }
      Workload w = view.get();
      String ns = o.effectiveNamespace();
      String[] shown = shownAs(w, controllers);
      PodGroup alone =
          new PodGroup(
              ns,
              shown[0],
              shown[1],
              w.podLabels(),
              namedPorts(w),
              w.podSpec().flatMap(s -> s.bool("hostNetwork")).orElse(false));
      byOwner
          .computeIfAbsent(alone.display(), k -> new ArrayList<>())
          .add(new Member(w, shown[0], shown[1], alone));
    }
    Map<String, PodGroup> groups = new LinkedHashMap<>();
    Map<String, Workload> workloads = new HashMap<>();
    for (List<Member> members : byOwner.values()) {
      // The controller's own template first: its labels and selector stand for the group.
      List<Member> sorted = new ArrayList<>(members);
      sorted.sort(Comparator.comparing(m -> m.isOwner() ? 0 : 1));
      Member first = sorted.get(0);
      if (alike(sorted, selectors)) {
        groups.putIfAbsent(first.alone().display(), first.alone());
        workloads.putIfAbsent(first.alone().display(), first.workload());
        continue;
      }
      for (Member m : sorted) {
        K8sObject o = m.workload().object();
        PodGroup own =
            new PodGroup(
                m.alone().namespace(),
                o.name(),
                o.kind(),
                m.alone().labels(),
                m.alone().namedPorts(),
                m.alone().hostNetwork());
        groups.putIfAbsent(own.display(), own);
        workloads.putIfAbsent(own.display(), m.workload());
      }
    }
    List<PodGroup> list = new ArrayList<>(groups.values());
    list.sort(Comparator.comparing(PodGroup::display));
    return new Result(list, workloads);
  }

  /** Whether no selector, named port or host network setting tells the members apart. */
  private static boolean alike(List<Member> members, List<LabelSelector> selectors) {
    PodGroup first = members.get(0).alone();
    Set<Map<String, String>> variants = new HashSet<>();
    for (Member m : members) {
      PodGroup g = m.alone();
      if (!g.namedPorts().equals(first.namedPorts()) || g.hostNetwork() != first.hostNetwork()) {
        return false;
      }
      variants.add(g.labels());
    }
    if (variants.size() == 1) {
      return true;
    }
    for (LabelSelector s : selectors) {
      boolean expected = s.matches(first.labels());
      for (Map<String, String> v : variants) {
        if (s.matches(v) != expected) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Every pod selector of the policies: their own and their peers'. Namespace selectors are left
   * out, as the members of a group share a namespace.
   */
  private static List<LabelSelector> selectors(List<Policy> policies) {
    List<LabelSelector> out = new ArrayList<>();
    for (Policy p : policies) {
      out.add(p.podSelector());
      for (List<Policy.Rule> rules : List.of(p.ingress(), p.egress())) {
        for (Policy.Rule r : rules) {
          for (Policy.PeerSpec peer : r.peers()) {
            peer.podSelector().ifPresent(out::add);
          }
        }
      }
    }
    return out;
  }

  /** The name and kind a workload object is shown as. */
  private static String[] shownAs(Workload w, Map<String, K8sObject> controllers) {
    K8sObject o = w.object();
    String ns = o.effectiveNamespace();
    String name = o.name();
    String kind = o.kind();
    if (kind.equals("Pod")) {
      Optional<MapNode> ref = controllerOf(o);
      if (ref.isEmpty() || ref.get().string("kind").orElse("").equals("Node")) {
        return new String[] {name, kind};
      }
      name = ref.get().string("name").orElse(name);
      // netpol-analyzer shows an owner without a kind as a Pod.
      kind = ref.get().string("kind").filter(k -> !k.isEmpty()).orElse("Pod");
    }
    String hash = w.podLabels().get(TEMPLATE_HASH);
    if (kind.equals("ReplicaSet")) {
      K8sObject rs = controllers.get(key(ns, kind, name));
      if (rs != null) {
        Optional<MapNode> ref = controllerOf(rs);
        if (ref.isPresent() && ref.get().string("kind").orElse("").equals("Deployment")) {
          name = ref.get().string("name").orElse(name);
          kind = "Deployment";
        }
      } else if (hash != null
          && name.endsWith("-" + hash)
          && controllers.containsKey(
              key(ns, "Deployment", name.substring(0, name.length() - hash.length() - 1)))) {
        name = name.substring(0, name.length() - hash.length() - 1);
        kind = "Deployment";
      }
    } else if (kind.equals("Job")) {
      K8sObject job = controllers.get(key(ns, kind, name));
      if (job != null) {
        Optional<MapNode> ref = controllerOf(job);
        if (ref.isPresent() && ref.get().string("kind").orElse("").equals("CronJob")) {
          name = ref.get().string("name").orElse(name);
          kind = "CronJob";
        }
      } else {
        var m = SCHEDULED.matcher(name);
        if (m.matches() && controllers.containsKey(key(ns, "CronJob", m.group(1)))) {
          name = m.group(1);
          kind = "CronJob";
        }
      }
    }
    return new String[] {name, kind};
  }

  /** The ownerReference with {@code controller: true}, if any. */
  private static Optional<MapNode> controllerOf(K8sObject o) {
    List<Node> refs =
        o.metadata().flatMap(m -> m.seq("ownerReferences")).map(SeqNode::items).orElse(List.of());
    for (Node n : refs) {
      if (n instanceof MapNode m && m.bool("controller").orElse(false)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String key(String ns, String kind, String name) {
    return ns + "/" + kind + "/" + name;
  }

  private static List<PodGroup.NamedPort> namedPorts(Workload w) {
    List<PodGroup.NamedPort> out = new ArrayList<>();
    for (ContainerView c : w.containers()) {
      for (Node n : c.node().seq("ports").map(SeqNode::items).orElse(List.of())) {
        if (n instanceof MapNode p && p.string("name").isPresent()) {
          Optional<Long> port = p.integer("containerPort");
          PortSet.Protocol proto;
          try {
            proto = PortSet.Protocol.valueOf(p.string("protocol").orElse("TCP"));
          } catch (IllegalArgumentException e) {
            continue;
          }
          port.ifPresent(
              v -> out.add(new PodGroup.NamedPort(p.string("name").get(), proto, v.intValue())));
        }
      }
    }
    return out;
  }
}
