package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * An image without a tag, or tagged latest, is whatever was pushed last. Triggers on a container
 * image with no tag or the tag {@code latest} and no digest.
 */
@CheckInfo(
    id = "IMG-001",
    title = "Image without a tag or tagged latest",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "image",
    mitre = {"T1525"},
    nsa = {"Pod security: building secure container images"},
    description =
        "latest (which an image without a tag means) moves with every push: two replicas may run"
            + " different code, a rollback returns to nothing in particular, a vulnerability scan"
            + " of the tag says nothing about what runs, and whoever can push to the repository"
            + " changes the workload at its next restart. Triggered by a container image, init and"
            + " ephemeral ones included, with no tag or the tag latest and no @digest (a digest"
            + " fixes the content whatever the tag says). References that do not parse as image"
            + " references (templates, variables) are skipped.",
    remediation =
        "Use an immutable version tag produced by the build (1.4.2, a commit id), better still"
            + " the image digest (@sha256:...).")
public final class LatestImageTag implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (Images.Use use : Images.of(workload)) {
      ImageRef ref = use.ref();
      if (ref.hasDigest() || (ref.tag() != null && !ref.tag().equals("latest"))) {
        continue;
      }
      sink.report(
          workload.object(),
          use.node(),
          use.container().describe()
              + " runs image \""
              + use.node().value()
              + "\" "
              + (ref.tag() == null ? "without a tag" : "tagged latest")
              + ": it runs whatever was last pushed as latest");
    }
  }
}
