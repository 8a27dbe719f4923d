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
          // a scan reads manifests, not a node's files: sections 1.1 and 4.1 need bench --root
          .filter(e -> e.test().map(t -> !BenchEvaluator.readsFilesOnly(t)).orElse(true))
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
                BenchInputs.gather(inv, Optional.empty(), List.of(), Defaults.shipped()),
                BenchEvaluator.Options.defaults(),
                Defaults.shipped()));
  }

  /**
   * The id of the check for a benchmark entry: {@code CIS-1.2.15}; parapet's own additions, which
   * are not CIS's, get ids of their own: {@code P.1.3} is {@code CP-103} (control plane).
   */
  public static String checkId(String entryId) {
    if (entryId.startsWith("P.")) {
      String[] parts = entryId.substring(2).split("\\.");
      return String.format("CP-%d%02d", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
    return "CIS-" + entryId;
  }

  /** The category of parapet's own control-plane additions ({@code CP-*}). */
  public static final String EXTRA_CATEGORY = "control-plane";

  /**
   * The object a result is reported on: the one whose tree holds the result's location (a static
   * pod's flag, a KubeletConfiguration's key), else the instance's own Pod or ConfigMap (a value
   * read from a ConfigMap's embedded file, a missing flag).
   */
  static Optional<K8sObject> objectOf(Inventory inventory, BenchResult result) {
    if (result.location().isPresent()) {
      Location at = result.location().get();
      for (K8sObject o : inventory.objects()) {
        String root = o.root().pointer();
        if (o.file().equals(at.file())
            && o.documentIndex() == at.documentIndex()
            && !at.pointer().isEmpty()
            && (at.pointer().equals(root) || at.pointer().startsWith(root + "/"))) {
          return Optional.of(o);
        }
      }
      // a configuration file is a document of its own
      for (K8sObject o : inventory.configs()) {
        if (o.file().equals(at.file()) && o.documentIndex() == at.documentIndex()) {
          return Optional.of(o);
        }
      }
    }
    if (result.instance().isEmpty()) {
      return Optional.empty();
    }
    String name = result.instance().get();
    for (String kind : List.of("Pod", "ConfigMap")) {
      for (K8sObject o : inventory.ofKind(kind)) {
        if ((o.namespace() + "/" + o.name()).equals(name)) {
          return Optional.of(o);
        }
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
        Optional<K8sObject> on = objectOf(inventory, r);
        if (on.isPresent()) {
          sink.report(
              on.get(),
              r.location().orElse(on.get().location()),
              "expected " + r.text() + ", but " + r.evidence());
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
      boolean extra = e.id().startsWith("P.");
      String description =
          (extra
                  ? "parapet's addition to the " + benchmark.title() + " (not a CIS entry)"
                  : benchmark.title())
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
              + " (a kubeadm static pod manifest or its mirror pod in `kubectl get pods -n"
              + " kube-system -o yaml`, a kube-proxy DaemonSet pod with its ConfigMap), a"
              + " KubeletConfiguration file, or CoreDNS's ConfigMap. It is judged as `parapet"
              + " bench` judges it: a flag that is not written counts with its upstream default"
              + " for the Kubernetes version of the image tag, and the finding then points at the"
              + " container's command (or the file's top); a written flag or key is pointed at"
              + " where it is written."
              + e.note().map(n -> " Note: " + n + ".").orElse("");
      return new CheckMeta(
          checkId(e.id()),
          binary + (extra ? " does not meet " : " does not meet CIS ") + e.id() + ": " + e.title(),
          e.severity(),
          e.stride(),
          extra ? EXTRA_CATEGORY : CATEGORY,
          description,
          e.remediation().trim(),
          "",
          extra ? List.of("parapet bench " + e.id()) : List.of("CIS " + version + ": " + e.id()),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }
  }
}
