package org.cgml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.cgml.nn.run.Csv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench status --out DIR}: each cell of the bench's plan (bench.json) with its state ({@link CellState}),
 * as CSV on stdout, and the count of each state on stderr; for local and SLURM benches alike, since it reads only the
 * bench folder.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Which cells of a bench are finished, running (their run folder locked), failed (with the last "
                + "line of their log), stopped (a checkpoint: the next bench continues them), queued (a SLURM task "
                + "pending, asked of squeue) or not started; CSV on stdout (cell,setting,method,seed,state,iteration,"
                + "detail), counts on stderr."})
final class BenchStatus implements Callable<Integer> {
    /** Header of the CSV this prints, exactly. */
    static final String HEADER = "cell,setting,method,seed,state,iteration,detail";

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bench folder (it holds bench.json).")
    Path out;

    /**
     * The array tasks SLURM holds pending for this bench (its job array's id in slurm/jobs.txt, asked of
     * {@code squeue}); none when the bench was not submitted to SLURM or squeue does not answer.
     */
    private java.util.Set<Integer> pendingTasks() {
        Path jobs = out.resolve(SlurmBench.FOLDER).resolve("jobs.txt");
        java.util.Set<Integer> pending = new java.util.TreeSet<>();
        String array = null;
        try {
            for (String line : Files.readAllLines(jobs)) {
                if (line.startsWith("array ")) {
                    array = line.substring("array ".length()).strip();
                }
            }
        } catch (IOException | RuntimeException notSubmitted) {
            return pending;
        }
        if (array == null || !array.matches("\\d+")) {
            return pending;
        }
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-r", "-t", "PENDING", "-j", array, "-o", "%K")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return pending;
            }
            text.lines().map(String::strip).filter(t -> t.matches("\\d{1,9}")).map(Integer::valueOf)
                    .forEach(pending::add);
        } catch (IOException e) {
            // no squeue here: the folder alone tells
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pending;
    }

    @Override
    public Integer call() throws IOException {
        Path marker = out.resolve(Bench.MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new UserError("--out " + out + " holds no " + Bench.MARKER + ": not a cgml bench folder");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(marker.toFile());
        } catch (IOException e) {
            throw new UserError(marker + " is not readable JSON: " + e.getMessage());
        }
        if (root == null || !"cgml bench".equals(root.path("written_by").asText())) {
            throw new UserError(marker + " was not written by cgml bench");
        }
        JsonNode plan = root.path("plan");
        if (!plan.isArray()) {
            throw new UserError(marker + " holds no plan (written by an older cgml bench): run the bench command once "
                    + "more (finished runs are reused) to write it");
        }
        java.util.Set<Integer> pending = pendingTasks();
        Map<CellState.State, Integer> counts = new EnumMap<>(CellState.State.class);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (JsonNode cell : plan) {
            int index = cell.path("cell").asInt(-1);
            String run = cell.path("run").asText("");
            Path dir = out.resolve(run).normalize();
            if (index < 0 || run.isEmpty() || !dir.startsWith(out.normalize())) {
                throw new UserError(marker + " holds a cell that is not one: " + cell);
            }
            CellState state = CellState.of(out, dir, index, cell.path("iterations").asLong(Long.MAX_VALUE));
            if (pending.contains(index) && (state.state() == CellState.State.NOT_STARTED
                    || state.state() == CellState.State.STOPPED || state.state() == CellState.State.FAILED)) {
                String detail = state.state() == CellState.State.STOPPED ? "requeued" : "";
                state = new CellState(CellState.State.QUEUED, state.iteration(), detail);
            }
            counts.merge(state.state(), 1, Integer::sum);
            List<Object> record = new ArrayList<>(List.of(index, cell.path("setting").asText(),
                    cell.path("method").asText(), cell.path("seed").asLong(), state.state().words));
            record.add(state.iteration().isPresent() ? (Object) state.iteration().getAsLong() : "");
            record.add(state.detail());
            csv.append(Csv.line(record));
        }
        bench.main.out.print(csv);
        bench.main.out.flush();
        bench.main.err.println("bench " + root.path("task").asText() + " in " + out + ": " + plan.size() + " cells, "
                + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().words)
                        .collect(Collectors.joining(", ")));
        return 0;
    }
}
