package dev.parapet.bench;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The control-plane components of the input: kubeadm's static pod manifests and their mirror pods
 * in a {@code kubectl get pods -n kube-system -o yaml} dump have the same shape, a Pod in {@code
 * kube-system} whose first container's command starts the component. Flags come from that
 * container's {@code command} after the executable, then its {@code args}, each located at its list
 * item. etcd also reads {@code ETCD_*} environment variables for flags not given on the command
 * line, so those count as flags written before the command line.
 */
public final class StaticPods {
  private static final Set<Component> CONTROL_PLANE =
      Set.of(
          Component.APISERVER,
          Component.CONTROLLER_MANAGER,
          Component.SCHEDULER,
          Component.ETCD,
          Component.PROXY);

  private StaticPods() {}

  /**
   * What was found, and warnings about command lines the components would refuse.
   *
   * @param pods the Pod each instance was read from, in the same order (its volumes tell where the
   *     files its flags name come from)
   */
  public record Found(List<Instance> instances, List<K8sObject> pods, List<Problem> problems) {
    public Found {
      instances = List.copyOf(instances);
      pods = List.copyOf(pods);
      problems = List.copyOf(problems);
    }
  }

  public static Found of(Inventory inventory, Defaults defaults) {
    List<Map.Entry<Instance, K8sObject>> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (K8sObject pod : inventory.ofKind("Pod")) {
      if (!pod.namespace().equals("kube-system")) {
        continue;
      }
      Optional<MapNode> container =
          pod.root()
              .map("spec")
              .flatMap(s -> s.seq("containers"))
              .filter(c -> c.length() > 0)
              .map(c -> c.get(0))
              .filter(MapNode.class::isInstance)
              .map(MapNode.class::cast);
      if (container.isEmpty()) {
        continue;
      }
      List<ScalarNode> command = scalars(container.get().seq("command"));
      if (command.isEmpty()) {
        continue;
      }
      Optional<Component> component =
          Component.ofCommand(command.get(0).value()).filter(CONTROL_PLANE::contains);
      if (component.isEmpty()) {
        continue;
      }
      Component c = component.get();
      String name = pod.namespace() + "/" + pod.name();
      List<CommandLines.Arg> words = new ArrayList<>();
      for (ScalarNode s : command.subList(1, command.size())) {
        words.add(new CommandLines.Arg(s.value(), Optional.of(Location.of(pod, s))));
      }
      for (ScalarNode s : scalars(container.get().seq("args"))) {
        words.add(new CommandLines.Arg(s.value(), Optional.of(Location.of(pod, s))));
      }
      List<Setting> flags = new ArrayList<>();
      if (c == Component.ETCD) {
        flags.addAll(etcdEnvironment(pod, container.get()));
      }
      flags.addAll(CommandLines.flags(c, words, pod.file(), pod.location().line(), problems));
      Location at =
          container.get().get("command").map(n -> Location.of(pod, n)).orElse(pod.location());
      ComponentSettings settings = new ComponentSettings(c, pod.file(), Optional.of(at), flags);
      Optional<KubeVersion> version =
          c == Component.ETCD
              ? Optional.empty()
              : container.get().string("image").flatMap(StaticPods::imageVersion);
      out.add(Map.entry(new Instance(settings, name, version), pod));
    }
    out.sort(
        Comparator.comparing((Map.Entry<Instance, K8sObject> e) -> e.getKey().component().ordinal())
            .thenComparing(e -> e.getKey().name())
            .thenComparing(e -> e.getKey().settings().source()));
    return new Found(
        out.stream().map(Map.Entry::getKey).toList(),
        out.stream().map(Map.Entry::getValue).toList(),
        problems);
  }

  /** {@code registry.k8s.io/kube-apiserver:v1.34.1} → 1.34. */
  static Optional<KubeVersion> imageVersion(String image) {
    String ref = image;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    String last = ref.substring(ref.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon < 0 ? Optional.empty() : KubeVersion.parse(last.substring(colon + 1));
  }

  private static List<Setting> etcdEnvironment(K8sObject pod, MapNode container) {
    List<Setting> out = new ArrayList<>();
    for (Node n : container.seq("env").map(SeqNode::items).orElse(List.of())) {
      if (n instanceof MapNode e) {
        Optional<String> name = e.string("name");
        Optional<ScalarNode> value = e.scalar("value");
        if (name.isPresent() && name.get().startsWith("ETCD_") && value.isPresent()) {
          String flag = name.get().substring(5).toLowerCase(Locale.ROOT).replace('_', '-');
          out.add(
              new Setting(flag, value.get().value(), Optional.of(Location.of(pod, value.get()))));
        }
      }
    }
    return out;
  }

  private static List<ScalarNode> scalars(Optional<SeqNode> seq) {
    List<ScalarNode> out = new ArrayList<>();
    for (Node n : seq.map(SeqNode::items).orElse(List.of())) {
      if (n instanceof ScalarNode s && !s.isNull()) {
        out.add(s);
      }
    }
    return out;
  }
}
