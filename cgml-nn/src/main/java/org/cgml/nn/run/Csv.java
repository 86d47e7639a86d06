package org.cgml.nn.run;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CSV files cGML writes and reads back (a bench's tables, a run's figures), through Jackson's CSV format
 * (RFC 4180: a field holding a comma, a quote or a line break is quoted), and the one way numbers are written into
 * them: a whole number as an integer ({@code 100613}), any other double in its shortest form that reads back as the
 * same double ({@code 0.1}, {@code 1.0E23}), non-finite values as {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class Csv {
    private static final CsvMapper MAPPER = new CsvMapper(
            new CsvFactory().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING));
    /** Whole doubles below this magnitude are written as integers (all of them are exact in a double). */
    private static final double WHOLE = 0x1p53;

    private Csv() {
    }

    /** {@code v} as written into a CSV: an integer when whole, else the shortest text that parses back to {@code v}. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < WHOLE && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return NumberOutput.toString(v, true);
    }

    /** {@code v} as written into a CSV: an integer when whole, else the shortest text that parses back to {@code v}. */
    public static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < WHOLE && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return NumberOutput.toString(v, true);
    }

    /**
     * One record ending in a line break: each field as its text ({@link #number} for a {@link Double} or
     * {@link Float}), quoted where CSV needs it.
     */
    public static String line(List<?> fields) {
        return table(List.of(fields));
    }

    /** Records, one per line, as {@link #line}. */
    public static String table(List<? extends List<?>> records) {
        StringWriter w = new StringWriter();
        try (CsvGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.setSchema(CsvSchema.emptySchema());
            for (List<?> record : records) {
                g.writeStartArray();
                for (Object f : record) {
                    g.writeString(text(f));
                }
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static String text(Object f) {
        if (f instanceof Double d) {
            return number(d);
        }
        if (f instanceof Float d) {
            return number(d);
        }
        return String.valueOf(f);
    }

    /**
     * The records of {@code text}, each with as many fields as the first (the header); anything else (a record cut
     * short or run on, an unclosed quote) throws {@link IllegalArgumentException} naming {@code where} and the record
     * (the header is record 1).
     */
    public static List<List<String>> parse(String text, String where) {
        List<List<String>> out = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(text)) {
            while (it.hasNextValue()) {
                List<String> record = Arrays.asList(it.nextValue());
                if (!out.isEmpty() && record.size() != out.get(0).size()) {
                    throw new IllegalArgumentException(where + " record " + (out.size() + 1) + ": " + record.size()
                            + " fields where the header has " + out.get(0).size());
                }
                out.add(record);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException bad && bad.getMessage() != null
                    && bad.getMessage().startsWith(where)) {
                throw bad;
            }
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(where + " is not readable CSV: " + m.lines().findFirst().orElse(m));
        }
        return out;
    }

    /**
     * The number a field holds ({@code NaN} and {@code Infinity} included, as {@link #number} writes them);
     * other text throws {@link IllegalArgumentException} naming {@code where}.
     */
    public static double parseNumber(String field, String where) {
        String t = field.trim();
        if (!t.isEmpty() && (Character.isDigit(t.charAt(t.length() - 1)) || t.equals("NaN") || t.endsWith("Infinity"))) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new IllegalArgumentException(where + ": '" + field + "' is not a number");
    }
}
