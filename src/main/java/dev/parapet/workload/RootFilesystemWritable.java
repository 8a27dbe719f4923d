package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Optional;

/**
 * A writable root file system lets an intruder drop tools and change the application's files.
 * Triggers on each container whose {@code securityContext.readOnlyRootFilesystem} is not true.
 */
@CheckInfo(
    id = "POD-009",
    title = "Root file system writable",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "workload",
    cis = {"CIS 1.10: 5.7.3"},
    mitre = {"T1525"},
    nsa = {"Pod security: immutable container file systems"},
    description =
        "With a writable root file system, an intruder who gets code execution can download and"
            + " run tools, replace the application's binaries or configuration for as long as the"
            + " container lives, and fill the node's disk; a read-only root leaves only the volumes"
            + " the pod declares writable. Triggered by each container, init and ephemeral ones"
            + " included, whose securityContext.readOnlyRootFilesystem is missing or not true."
            + " Windows pods (spec.os.name=windows) are skipped: the field is not supported there.",
    remediation =
        "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir at each path the"
            + " process writes to (/tmp, caches, PID files).")
public final class RootFilesystemWritable implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    boolean windows =
        workload
            .podSpec()
            .flatMap(s -> s.map("os"))
            .flatMap(os -> os.string("name"))
            .filter("windows"::equals)
            .isPresent();
    if (windows) {
      return;
    }
    for (ContainerView c : workload.containers()) {
      Optional<MapNode> sc = c.securityContext();
      Optional<ScalarNode> value =
          sc.flatMap(m -> m.scalar("readOnlyRootFilesystem")).filter(s -> !s.isNull());
      if (value.filter(ScalarNode::isTrue).isPresent()) {
        continue;
      }
      Fix fix =
          Fix.of(
              "make the root file system read-only",
              Patches.set(c.node(), List.of("securityContext", "readOnlyRootFilesystem"), true));
      String message = c.describe() + " can write to its root file system";
      if (value.isPresent()) {
        sink.report(
            workload.object(),
            value.get(),
            c.describe()
                + " sets readOnlyRootFilesystem to "
                + value.get().value()
                + ": it can write to its root file system",
            fix);
      } else if (sc.isPresent()) {
        sink.missing(workload.object(), sc.get(), "readOnlyRootFilesystem", message, fix);
      } else {
        sink.missing(
            workload.object(), c.node(), "securityContext.readOnlyRootFilesystem", message, fix);
      }
    }
  }
}
