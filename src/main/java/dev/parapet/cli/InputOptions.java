package dev.parapet.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The inputs of a command (one path at least) and the bounds on reading them. */
final class InputOptions extends ReadOptions {
  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Manifest files or directories (searched recursively for .yaml, .yml and .json), or -"
              + " for standard input. Multi-document YAML, List kinds (kubectl get -o yaml),"
              + " JSON, Helm and kustomize output are all read.")
  List<String> paths = new ArrayList<>();
}
