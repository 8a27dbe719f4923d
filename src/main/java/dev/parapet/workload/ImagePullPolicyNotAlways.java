package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Optional;

/**
 * With a mutable tag and a pull policy other than Always, the node runs whatever it cached, and any
 * pod of the node may use a private image cached by another. Triggers on a tagged image without a
 * digest whose effective imagePullPolicy is not Always.
 */
@CheckInfo(
    id = "IMG-004",
    title = "Mutable image tag not pulled on every start",
    severity = Severity.LOW,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "image",
    mitre = {"T1525"},
    nsa = {"Pod security: building secure container images"},
    description =
        "With IfNotPresent or Never the kubelet starts a cached image when it has one: nodes run"
            + " different content for the same tag, and a pod scheduled on a node where another"
            + " tenant pulled a private image uses it without any pull credentials (the reason for"
            + " the AlwaysPullImages admission plugin). Triggered by a container (init and ephemeral"
            + " included) whose image has no digest and whose imagePullPolicy is IfNotPresent or"
            + " Never, or is unset while the tag is not latest (Kubernetes then defaults to"
            + " IfNotPresent; for latest or no tag it defaults to Always). Images pinned by digest"
            + " are not reported: their content cannot change.",
    remediation =
        "Pin the image by digest, or set imagePullPolicy: Always (pulls are cheap when layers are"
            + " cached: only the manifest is checked).")
public final class ImagePullPolicyNotAlways implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (Images.Use use : Images.of(workload)) {
      ImageRef ref = use.ref();
      if (ref.hasDigest()) {
        continue;
      }
      Optional<ScalarNode> policy =
          use.container().node().scalar("imagePullPolicy").filter(s -> !s.isNull());
      Fix fix =
          Fix.of(
              "pull the image on every start",
              Patches.set(use.container().node(), List.of("imagePullPolicy"), "Always"));
      String what =
          use.container().describe() + " runs image \"" + use.node().value() + "\" by its tag";
      if (policy.isPresent()) {
        if (!policy.get().value().equals("Always")) {
          sink.report(
              workload.object(),
              policy.get(),
              what
                  + " with imagePullPolicy "
                  + policy.get().value()
                  + ": a node starts whatever it cached for that tag",
              fix);
        }
      } else if (!ref.effectiveTag().equals("latest")) {
        sink.missing(
            workload.object(),
            use.container().node(),
            "imagePullPolicy",
            what
                + " and no imagePullPolicy, which defaults to IfNotPresent for it: a node starts"
                + " whatever it cached for that tag",
            fix);
      }
    }
  }
}
