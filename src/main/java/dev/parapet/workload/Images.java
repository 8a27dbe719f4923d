package dev.parapet.workload;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The images of a workload's containers, parsed. */
final class Images {
  private Images() {}

  /** A container, its {@code image} scalar and the parsed reference. */
  record Use(ContainerView container, ScalarNode node, ImageRef ref) {}

  /**
   * Every container with a parseable image; containers with none or a malformed one are skipped.
   */
  static List<Use> of(Workload workload) {
    List<Use> out = new ArrayList<>();
    for (ContainerView c : workload.containers()) {
      Optional<ScalarNode> image = c.node().scalar("image").filter(s -> !s.isNull());
      if (image.isEmpty()) {
        continue;
      }
      ImageRef.parse(image.get().value()).ifPresent(r -> out.add(new Use(c, image.get(), r)));
    }
    return out;
  }
}
