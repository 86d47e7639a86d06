package org.cgml.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code cgml generate-completion}: picocli's bash/zsh completion script, in which the options that take a
 * comma-separated list ({@code bench --methods cgml,baseline}, {@code eval --metric psnr,ssim}) offer their values
 * again after each comma. Unlike picocli's own command it refuses arguments it does not know.
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for cgml. To use it in the current shell:",
            "  source <(cgml generate-completion)"})
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    /** The bash function that completes the last word of a comma-separated list from the values given. */
    static final String LIST_FUNCTION = """

            # compReplyList completes the part of the current word after its last comma from the values given, keeping
            # the part before it: --methods cgml,<TAB> offers cgml,baseline cgml,cimle ...
            function compReplyList() {
              local curr_word=${COMP_WORDS[COMP_CWORD]}
              local head=""
              if [[ "${curr_word}" == *,* ]]; then head="${curr_word%,*},"; fi
              local last="${curr_word##*,}"
              local value
              for value in "$@"; do
                if [[ "${value}" == "${last}"* ]]; then printf '%s\\n' "${head}${value}"; fi
              done
            }
            """;

    @Override
    public void run() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        spec.commandLine().getOut().print(withLists(script, root));
        spec.commandLine().getOut().flush();
    }

    /** {@code script} with the value completion of every comma-separated option of {@code root}'s tree list-aware. */
    static String withLists(String script, CommandLine root) {
        String out = script;
        for (CommandSpec command : tree(root.getCommandSpec(), new ArrayList<>())) {
            String function = "function _picocli_" + command.qualifiedName("_").replaceAll("[^a-zA-Z0-9_]", "") + "() {";
            int start = out.indexOf(function);
            if (start < 0) {
                continue;
            }
            int end = out.indexOf("\n}\n", start);
            String body = out.substring(start, end);
            for (OptionSpec o : command.options()) {
                if (!",".equals(o.splitRegex()) || o.completionCandidates() == null) {
                    continue;
                }
                body = Pattern.compile("('" + Pattern.quote(o.longestName()) + "'\\)\n[^\n]*\n[^\n]*?)compReplyArray")
                        .matcher(body).replaceFirst("$1compReplyList");
            }
            out = out.substring(0, start) + body + out.substring(end);
        }
        return out + LIST_FUNCTION;
    }

    private static List<CommandSpec> tree(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!into.contains(sub.getCommandSpec())) {
                tree(sub.getCommandSpec(), into);
            }
        }
        return into;
    }
}
