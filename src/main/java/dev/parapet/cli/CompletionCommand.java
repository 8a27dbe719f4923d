package dev.parapet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parapet generate-completion}: a bash/zsh completion script generated from the CLI model.
 */
@Command(
    name = "generate-completion",
    mixinStandardHelpOptions = true,
    description = "Print a bash completion script for parapet (zsh can load it with bashcompinit).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(parapet generate-completion)",
      "  parapet generate-completion > /etc/bash_completion.d/parapet",
      "  # zsh: autoload -U +X bashcompinit && bashcompinit && source <(parapet generate-completion)"
    })
final class CompletionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.commandLine().getParent();
    spec.commandLine().getOut().print(AutoComplete.bash("parapet", root));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
