package org.cgml.cli;

import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precision setting on the command line: a flag and a --config key like any, recorded, kept by a resume. */
class PrecisionCliTest {
    @Test
    void precisionIsASettingLikeAnyOtherAndAResumeKeepsIt(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--precision", "fp32").code());
        assertEquals("fp32", CliTest.recorded(run, "config", "precision")[0]);
        assertEquals("user", CliTest.recorded(run, "config", "precision")[1]);
        CliTest.assertUserError(cgml("train", "--out", run.toString(), "--resume", "--config", "precision=bf16"),
                "--precision");
        assertEquals(0, cgml("train", "--out", run.toString(), "--resume", "--iterations", "4").code());
        assertEquals("fp32", CliTest.recorded(run, "config", "precision")[0]);
        CliTest.assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("b").toString(), "--iterations",
                "3", "--precision", "bf17"), "fp32, bf16, auto");
    }

    /** An auto run resumed where auto resolves otherwise than it trained says so (it is not bit for bit). */
    @Test
    void aResumeThatComputesInAnotherPrecisionThanTheRunSoFarWarns(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3").code());
        Path file = run.resolve("config.json");
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        assertEquals("fp32", root.path("provenance").path("precision").asText(), "auto is fp32 on every network");
        CliTest.Outcome same = cgml("train", "--out", run.toString(), "--resume", "--iterations", "4");
        assertEquals(0, same.code(), same.err());
        assertFalse(same.err().contains("resumes in"), same.err());
        root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        assertEquals("fp32", root.path("resumed").get(0).path("precision").asText(), "the resuming sitting's");
        ((ObjectNode) root.get("resumed").get(0)).put("precision", "bf16"); // as if resumed where auto gave bf16
        Files.writeString(file, new ObjectMapper().writeValueAsString(root));
        CliTest.Outcome other = cgml("train", "--out", run.toString(), "--resume", "--iterations", "5");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.err().contains("trained in bf16 so far and resumes in fp32 (precision=auto"), other.err());
    }
}
