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
        description = {"Which cells of a bench are finished, running (their run folder locked, or their SLURM task "
                + "started), failed (with the last line of their log), stopped (a checkpoint: the next bench continues "
                + "them), queued (a SLURM task pending; squeue is asked) or not started; CSV on stdout (cell,setting,"
                + "method,seed,state,iteration,detail), counts on stderr."})
final class BenchStatus implements Callable<Integer> {
    /** Header of the CSV this prints, exactly. */
    static final String HEADER = "cell,setting,method,seed,state,iteration,detail";

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bench folder (it holds bench.json).")
    Path out;

    /**
     * The state of a cell read from its folder, told by what SLURM says of its task: a folder not (or no longer) being
     * written whose task SLURM holds is that task's state (queued, or running and starting up).
     */
    static CellState withSlurm(CellState state, CellState.State slurm) {
        if (slurm == null || (state.state() != CellState.State.NOT_STARTED && state.state() != CellState.State.STOPPED
                && state.state() != CellState.State.FAILED)) {
            return state;
        }
        boolean resumes = state.state() == CellState.State.STOPPED;
        String detail = slurm == CellState.State.RUNNING ? (resumes ? "SLURM task started, resuming" : "SLURM task started")
                : resumes ? "requeued" : "";
        return new CellState(slurm, state.iteration(), detail);
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
        Map<Integer, CellState.State> slurm = SlurmBench.tasks(out);
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
            state = withSlurm(state, slurm.get(index));
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
