package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every number and field the CSV files hold reads back exactly. */
class CsvTest {
    @Test
    void numbersReadBackExactlyAndWholeOnesAreIntegers() {
        assertEquals("100613", Csv.number(100613.0));
        assertEquals("-3", Csv.number(-3.0));
        assertEquals("0.1", Csv.number(0.1));
        assertEquals("1.0E23", Csv.number(1e23), "the shortest text, not 9.999999999999999E22");
        assertEquals("0.1", Csv.number(0.1f), "a float in its own shortest form, not the double's digits");
        assertEquals("NaN", Csv.number(Double.NaN));
        assertEquals("-Infinity", Csv.number(Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", Csv.number(-0.0));
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (!Double.isNaN(d)) {
                assertEquals(d, Csv.parseNumber(Csv.number(d), "test"), () -> Long.toHexString(Double.doubleToLongBits(d)));
            }
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isNaN(f)) {
                assertEquals(f, Float.parseFloat(Csv.number(f)));
            }
            double small = r.nextDouble() * Math.pow(10, r.nextInt(-12, 12));
            assertEquals(small, Csv.parseNumber(Csv.number(small), "test"));
        }
    }

    @Test
    void fieldsWithCommasQuotesAndLineBreaksReadBackAsWritten() {
        List<List<?>> rows = List.of(List.of("task", "setting", "value"),
                List.of("toy", "data=/a,b;note=say \"hi\"", 0.25),
                List.of("toy", "two\nlines", 100613.0),
                List.of("toy", "", Double.NaN));
        List<List<String>> back = Csv.parse(Csv.table(rows), "t.csv");
        assertEquals(List.of(List.of("task", "setting", "value"), List.of("toy", "data=/a,b;note=say \"hi\"", "0.25"),
                List.of("toy", "two\nlines", "100613"), List.of("toy", "", "NaN")), back);
        assertEquals("a,b\n", Csv.line(List.of("a", "b")), "nothing quoted that needs no quotes");
    }

    @Test
    void aCutOrForeignFileIsRefusedWithWhereAndWhy() {
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> Csv.parse("a,b,c\n1,2,3\n4,5\n", "f.csv"));
        assertTrue(cut.getMessage().startsWith("f.csv record 3: 2 fields where the header has 3"), cut.getMessage());
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> Csv.parse("a,b\n\"open,1\n", "f.csv"));
        assertTrue(quote.getMessage().startsWith("f.csv is not readable CSV"), quote.getMessage());
        IllegalArgumentException abc = assertThrows(IllegalArgumentException.class, () -> Csv.parseNumber("abc", "f.csv"));
        assertEquals("f.csv: 'abc' is not a number", abc.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.parseNumber("1f", "f.csv"));
        assertThrows(IllegalArgumentException.class, () -> Csv.parseNumber("", "f.csv"));
    }
}
