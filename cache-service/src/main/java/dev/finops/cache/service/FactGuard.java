package dev.finops.cache.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a semantic hit when the two texts differ in the facts embeddings are blind to: numbers (digits or number
 * words), dates (months, weekdays, relative days) and negation. "Refund policy for orders over $50" and "... over $500"
 * embed almost identically; their answers do not.
 */
public final class FactGuard {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:/-]\\d+)*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    private static final Set<String> NUMBER_WORDS = Set.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
            "million", "billion", "trillion", "half", "first", "second", "third", "fourth", "fifth", "percent");
    private static final Set<String> DATE_WORDS = Set.of("january", "february", "march", "april", "june", "july",
            "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "today", "tomorrow", "yesterday", "tonight", "weekend", "week", "month", "year", "quarter");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nothing", "nobody", "neither",
            "nor", "without", "cannot", "nowhere", "hardly");

    private FactGuard() {
    }

    /** Why the candidate may not answer the prompt on similarity alone ("numbers", "dates", "negation"), or empty. */
    public static Optional<String> conflict(String prompt, String candidate) {
        if (!numbers(prompt).equals(numbers(candidate))) {
            return Optional.of("numbers");
        }
        if (!words(prompt, DATE_WORDS).equals(words(candidate, DATE_WORDS))) {
            return Optional.of("dates");
        }
        if (negations(prompt) != negations(candidate)) {
            return Optional.of("negation");
        }
        return Optional.empty();
    }

    private static List<String> numbers(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            found.add(m.group().replace(",", ""));
        }
        found.addAll(words(text, NUMBER_WORDS));
        Collections.sort(found);
        return found;
    }

    private static List<String> words(String text, Set<String> vocabulary) {
        List<String> found = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (vocabulary.contains(m.group())) {
                found.add(m.group());
            }
        }
        Collections.sort(found);
        return found;
    }

    /** How many negations, whatever their spelling: "do not", "don't", "cannot" and "never" all count once. */
    private static int negations(String text) {
        int n = 0;
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        while (m.find()) {
            String w = m.group();
            if (NEGATIONS.contains(w) || w.endsWith("n't")) {
                n++;
            }
        }
        return n;
    }
}
