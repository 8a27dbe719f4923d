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
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *       ports and host network: netpol-analyzer names pods of one owner with different labels alike
 *       (its {@code example_pods_w_same_owner_and_labels_gap_*} cases). A member that some selector
 *       tells apart from the controller's template (or, without it, from the first pod) would get
 *       the wrong verdict in that group, so it is its own group, shown as itself ({@code
 *       namespace/kafka-1[Pod]}); without the template, every member is then shown as itself.
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
    Selectors selectors = new Selectors(policies);
    Map<String, List<Member>> byOwner = new LinkedHashMap<>();
    for (K8sObject o : inventory.objects()) {
      // The workloads, and every Pod, also those Inventory#workloads leaves to a controller of the
      // input: a pod may carry labels its template lacks (a StatefulSet's pod-name), and policies
      // may select them. A ReplicaSet or Job under a controller of the input is left out: its
      // template repeats the controller's, or is an old one that runs no pod.
      Optional<Workload> view =
          inventory
              .workload(o)
              .or(() -> o.kind().equals("Pod") ? Workload.of(o) : Optional.empty());
      if (view.isEmpty() || o.kind().equals("PodTemplate")) {
        continue;
      }
      Workload w = view.get();
      String[] shown = shownAs(w, controllers);
      PodGroup alone =
          new PodGroup(
              o.effectiveNamespace(),
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
      List<Object> firstTraits = selectors.traits(first.alone());
      List<Member> apart = new ArrayList<>();
      for (Member m : sorted) {
        if (!selectors.traits(m.alone()).equals(firstTraits)) {
          apart.add(m);
        }
      }
      boolean ownerShown = first.isOwner() || apart.isEmpty();
      if (ownerShown) {
        groups.putIfAbsent(first.alone().display(), first.alone());
        workloads.putIfAbsent(first.alone().display(), first.workload());
      }
      for (Member m : ownerShown ? apart : sorted) {
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

  /**
   * The pod selectors of the policies that can reach each namespace: a policy's own and its peers'
   * without a namespace selector reach the policy's namespace, peers with one reach every
   * namespace. Namespace selectors themselves are left out, as one controller's members share a
   * namespace.
   */
  private static final class Selectors {
    private final Map<String, List<LabelSelector>> byNamespace = new HashMap<>();
    private final List<LabelSelector> everywhere = new ArrayList<>();
    private final Map<List<Object>, BitSet> cache = new HashMap<>();

    Selectors(List<Policy> policies) {
      for (Policy p : policies) {
        List<LabelSelector> local =
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>());
        local.add(p.podSelector());
        for (List<Policy.Rule> rules : List.of(p.ingress(), p.egress())) {
          for (Policy.Rule r : rules) {
            for (Policy.PeerSpec peer : r.peers()) {
              if (peer.podSelector().isPresent()) {
                (peer.namespaceSelector().isPresent() ? everywhere : local)
                    .add(peer.podSelector().get());
              }
            }
          }
        }
      }
    }

    /**
     * What policies see of a member: its named ports, host network, and which selectors match its
     * labels. Members with equal traits get equal verdicts everywhere.
     */
    List<Object> traits(PodGroup g) {
      BitSet matches =
          cache.computeIfAbsent(
              List.of(g.namespace(), g.labels()),
              k -> {
                BitSet bits = new BitSet();
                int i = 0;
                for (List<LabelSelector> list :
                    List.of(byNamespace.getOrDefault(g.namespace(), List.of()), everywhere)) {
                  for (LabelSelector s : list) {
                    if (s.matches(g.labels())) {
                      bits.set(i);
                    }
                    i++;
                  }
                }
                return bits;
              });
      return List.of(g.namedPorts(), g.hostNetwork(), matches);
    }
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
