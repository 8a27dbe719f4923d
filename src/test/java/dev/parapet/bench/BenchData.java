package dev.parapet.bench;

import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.SourceLoader;
import dev.parapet.source.YamlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads test inputs for the bench package. */
final class BenchData {
  static final String DEFAULT = "src/test/resources/bench/kubeadm-default";
  static final String HARDENED = "src/test/resources/bench/kubeadm-hardened";
  static final String INSECURE = "src/test/resources/bench/insecure-dump";

  private BenchData() {}

  static Benchmark cis() {
    return Benchmark.load("cis-1.12").orElseThrow();
  }

  static List<Instance> instances(String path) {
    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(path), new ByteArrayInputStream(new byte[0]));
    return StaticPods.of(Inventory.build(r.files()), Defaults.shipped()).instances();
  }

  static StaticPods.Found yaml(String text) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("pods.yaml", text.getBytes(StandardCharsets.UTF_8));
    return StaticPods.of(Inventory.build(List.of(f)), Defaults.shipped());
  }

  static Inventory inventory(String path) {
    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(path), new ByteArrayInputStream(new byte[0]));
    return Inventory.build(r.files());
  }

  /** The command lines of the data set's {@code ps.txt}, if it has one. */
  static List<ComponentSettings> processes(String path) {
    java.nio.file.Path ps = java.nio.file.Path.of(path, "ps.txt");
    if (!java.nio.file.Files.exists(ps)) {
      return List.of();
    }
    try {
      return CommandLines.parse(ps.toString(), java.nio.file.Files.readString(ps)).components();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Everything a data set gives: its files, its {@code ps.txt}, and a node tree if any. */
  static BenchInputs.Gathered gather(String path, java.util.Optional<NodeFiles> root) {
    return BenchInputs.gather(inventory(path), root, processes(path), Defaults.shipped());
  }

  static BenchReport run(String path) {
    return run(path, java.util.Optional.empty());
  }

  static BenchReport run(String path, java.util.Optional<NodeFiles> root) {
    return BenchEvaluator.evaluate(
        cis(), gather(path, root), BenchEvaluator.Options.defaults(), Defaults.shipped());
  }

  /** A kube-system Pod whose first container runs {@code command}, one word per list item. */
  static String pod(String name, String image, String... command) {
    StringBuilder sb =
        new StringBuilder(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: "
                + name
                + "\n  namespace: kube-system\nspec:\n  containers:\n  - name: c\n    image: "
                + image
                + "\n    command:\n");
    for (String c : command) {
      sb.append("    - \"").append(c).append("\"\n");
    }
    return sb.toString();
  }
}
