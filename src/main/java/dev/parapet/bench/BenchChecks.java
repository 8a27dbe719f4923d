package dev.parapet.bench;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Sink;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import java.util.List;
import java.util.Optional;

/**
 * The CIS Kubernetes Benchmark as checks of {@code parapet scan}: one check per automated entry of
 * the newest benchmark, with id {@code CIS-<entry id>} ({@code CIS-1.2.15}) and category {@code
 * cis}, whose findings are that entry's FAIL results. Manual entries are not checks: they never
 * FAIL, a person judges them ({@code parapet bench} shows them as WARN).
 *
 * <p>The benchmark is judged once per inventory, by {@link #evaluate}, and each check picks its own
 * entry's results from that report.
 */
public final class BenchChecks {
  private static final Benchmark BENCHMARK =
      Benchmark.load(Benchmark.LATEST)
          .orElseThrow(() -> new IllegalStateException("no benchmark " + Benchmark.LATEST));

  /** One check per automated entry of {@link Benchmark#LATEST}, in the definition file's order. */
  public static final List<InventoryCheck> ALL =
      BENCHMARK.checks().stream()
          .filter(BenchCheck::scored)
          .<InventoryCheck>map(e -> new EntryFailed(BENCHMARK, e))
          .toList();

  /** The category of these checks, for {@code --only cis}. */
  public static final String CATEGORY = "cis";

  private BenchChecks() {}

  /**
   * The benchmark judged on the control-plane pods of {@code inventory}, computed once per
   * inventory: the one place where scan's input becomes the evaluator's.
   */
  public static BenchReport evaluate(Inventory inventory) {
    return inventory.derived(
        BenchChecks.class,
        inv ->
            BenchEvaluator.evaluate(
                BENCHMARK,
                StaticPods.of(inv, Defaults.shipped()).instances(),
                BenchEvaluator.Options.defaults(),
                Defaults.shipped()));
  }

  /** The id of the check for a benchmark entry: {@code CIS-1.2.15}. */
  public static String checkId(String entryId) {
    return "CIS-" + entryId;
  }

  /**
   * The pod a result was judged on: a Pod of {@code kube-system} with the instance's name, in the
   * file and document of the result's location, whose tree holds that location.
   */
  static Optional<K8sObject> podOf(Inventory inventory, BenchResult result) {
    if (result.instance().isEmpty() || result.location().isEmpty()) {
      return Optional.empty();
    }
    Location at = result.location().get();
    String name = result.instance().get();
    for (K8sObject pod : inventory.ofKind("Pod")) {
      String root = pod.root().pointer();
      if ((pod.namespace() + "/" + pod.name()).equals(name)
          && pod.file().equals(at.file())
          && pod.documentIndex() == at.documentIndex()
          && (at.pointer().equals(root) || at.pointer().startsWith(root + "/"))) {
        return Optional.of(pod);
      }
    }
    return Optional.empty();
  }

  /**
   * An automated CIS benchmark entry that a control-plane component does not meet: its FAIL results
   * on kube-apiserver, kube-controller-manager, kube-scheduler or etcd pods.
   */
  static final class EntryFailed implements InventoryCheck {
    private final BenchCheck entry;
    private final CheckMeta meta;

    EntryFailed(Benchmark benchmark, BenchCheck entry) {
      this.entry = entry;
      this.meta = meta(benchmark, entry);
    }

    @Override
    public CheckMeta meta() {
      return meta;
    }

    @Override
    public void check(CheckContext context, Sink sink) {
      Inventory inventory = context.inventory();
      for (BenchResult r : evaluate(inventory).results()) {
        if (!r.id().equals(entry.id()) || r.status() != Status.FAIL || !r.scored()) {
          continue;
        }
        Optional<K8sObject> pod = podOf(inventory, r);
        if (pod.isPresent()) {
          sink.report(
              pod.get(), r.location().get(), "expected " + r.text() + ", but " + r.evidence());
        }
      }
    }

    private static CheckMeta meta(Benchmark benchmark, BenchCheck e) {
      String binary = e.component().binary();
      String version =
          benchmark.id().startsWith("cis-") ? benchmark.id().substring(4) : benchmark.id();
      String section =
          benchmark
              .section(e.section())
              .map(s -> e.section() + " " + s.title())
              .orElse(e.section());
      String description =
          benchmark.title()
              + ", entry "
              + e.id()
              + " (section "
              + section
              + ", automated) asks of "
              + binary
              + ": "
              + e.title()
              + ". Reported for every "
              + binary
              + " in the input that does not meet it: a Pod in kube-system whose first container"
              + " runs "
              + binary
              + ", as a kubeadm static pod manifest or its mirror pod in `kubectl get pods -n"
              + " kube-system -o yaml`. It is judged as `parapet bench` judges it: a flag that is"
              + " not written counts with its upstream default for the Kubernetes version of the"
              + " image tag, and the finding then points at the container's command; a written"
              + " flag is pointed at where it is written."
              + e.note().map(n -> " Not seen yet: " + n + ".").orElse("");
      return new CheckMeta(
          checkId(e.id()),
          binary + " does not meet CIS " + e.id() + ": " + e.title(),
          e.severity(),
          e.stride(),
          CATEGORY,
          description,
          e.remediation().trim(),
          "",
          List.of("CIS " + version + ": " + e.id()),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }
  }
}
