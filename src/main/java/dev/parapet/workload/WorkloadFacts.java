package dev.parapet.workload;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The facts this package decides about a workload, for other layers (the attack graph) to ask
 * rather than re-derive: its hostPath volumes and what each holds, which containers mount a volume
 * and how, the canonical name of a capability, and whether the service-account token is mounted.
 */
public final class WorkloadFacts {
  private WorkloadFacts() {}

  /**
   * A hostPath volume of a pod.
   *
   * @param name the volume's name
   * @param hostPath the volume's {@code hostPath} map (where findings point)
   * @param path the path, normalized as the kubelet's mount sees it
   * @param sensitive why the path is sensitive (POD-002's reason), if it is
   * @param runtimeSocket which runtime socket the path is or holds (POD-001's reason), if any
   */
  public record HostPathVolume(
      String name,
      MapNode hostPath,
      String path,
      Optional<String> sensitive,
      Optional<String> runtimeSocket) {}

  /** The pod's hostPath volumes with a path, in spec order. */
  public static List<HostPathVolume> hostPathVolumes(Workload workload) {
    List<HostPathVolume> out = new ArrayList<>();
    for (HostPaths.HostPathVolume v : HostPaths.volumes(workload)) {
      out.add(
          new HostPathVolume(
              v.name(),
              v.hostPath(),
              v.path(),
              HostPaths.sensitive(v.path()),
              HostPaths.runtimeSocket(v.path())));
    }
    return out;
  }

  /** A host path normalized as the kubelet's mount sees it ({@code .}, {@code ..}, slashes). */
  public static String normalizeHostPath(String path) {
    return HostPaths.normalize(path);
  }

  /**
   * The volumeMounts entry of {@code container} that mounts {@code volume}, writable ones first (a
   * container that mounts a volume twice, once writable, can write to it).
   */
  public static Optional<MapNode> mountOf(ContainerView container, String volume) {
    Optional<SeqNode> mounts = container.node().seq("volumeMounts");
    if (mounts.isEmpty()) {
      return Optional.empty();
    }
    MapNode readOnly = null;
    for (Node n : mounts.get().items()) {
      if (n instanceof MapNode m && m.string("name").filter(volume::equals).isPresent()) {
        if (!m.bool("readOnly").orElse(false)) {
          return Optional.of(m);
        }
        readOnly = readOnly == null ? m : readOnly;
      }
    }
    return Optional.ofNullable(readOnly);
  }

  /** Whether a volumeMounts entry lets the container write ({@code readOnly} unset or false). */
  public static boolean writable(MapNode mount) {
    return !mount.bool("readOnly").orElse(false);
  }

  /**
   * A capability as the container runtimes read it: upper case, without {@code CAP_} ({@code
   * cap_sys_admin} is {@code SYS_ADMIN}).
   */
  public static String canonicalCapability(String written) {
    return Capabilities.canonical(written);
  }
}
