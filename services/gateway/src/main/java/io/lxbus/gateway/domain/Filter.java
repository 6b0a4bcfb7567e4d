package io.lxbus.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LXD's {@code filter} query parameter: terms {@code [not] <field> eq|ne <value>} joined by {@code and}
 * (which binds tighter) and {@code or}. Fields are top-level keys or paths into maps such as
 * {@code config.<key>} and {@code devices.<dev>.<key>}; values compare as text, ignoring case.
 */
public final class Filter {
    private static final Filter ALL = new Filter(List.of());

    private record Term(boolean not, String field, boolean equal, String value) {
    }

    /** Alternatives, each a list of terms that must all hold. */
    private final List<List<Term>> alternatives;

    private Filter(List<List<Term>> alternatives) {
        this.alternatives = alternatives;
    }

    /** The filter that keeps everything. */
    public static Filter all() {
        return ALL;
    }

    /**
     * Parses an expression; null or blank keeps everything.
     *
     * @throws GatewayError when the expression is not a filter
     */
    public static Filter parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return ALL;
        }
        List<String> tokens = tokens(expression);
        List<List<Term>> alternatives = new ArrayList<>();
        List<Term> group = new ArrayList<>();
        int i = 0;
        while (true) {
            boolean not = false;
            if (i < tokens.size() && tokens.get(i).equalsIgnoreCase("not")) {
                not = true;
                i++;
            }
            if (i + 3 > tokens.size()) {
                throw GatewayError.badRequest("Invalid filter: \"" + expression + "\"");
            }
            String field = tokens.get(i);
            String op = tokens.get(i + 1).toLowerCase();
            if (!op.equals("eq") && !op.equals("ne")) {
                throw GatewayError.badRequest("Invalid filter operator \"" + tokens.get(i + 1) + "\"");
            }
            group.add(new Term(not, field, op.equals("eq"), tokens.get(i + 2)));
            i += 3;
            if (i == tokens.size()) {
                break;
            }
            String joiner = tokens.get(i++).toLowerCase();
            if (joiner.equals("or")) {
                alternatives.add(List.copyOf(group));
                group = new ArrayList<>();
            } else if (!joiner.equals("and")) {
                throw GatewayError.badRequest("Invalid filter: expected \"and\" or \"or\", got \"" + joiner + "\"");
            }
        }
        alternatives.add(List.copyOf(group));
        return new Filter(List.copyOf(alternatives));
    }

    /** Whether an object, as a JSON-like map, passes the filter. */
    public boolean matches(Map<String, ?> object) {
        if (alternatives.isEmpty()) {
            return true;
        }
        for (List<Term> group : alternatives) {
            if (group.stream().allMatch(term -> holds(term, object))) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(Term term, Map<String, ?> object) {
        Object actual = lookup(object, term.field());
        String text = actual == null ? "" : String.valueOf(actual);
        boolean equal = text.equalsIgnoreCase(term.value());
        boolean result = term.equal() == equal;
        return term.not() != result;
    }

    /** Resolves a dotted path, preferring the longest key that exists (config keys contain dots). */
    static Object lookup(Map<String, ?> object, String path) {
        if (object.containsKey(path)) {
            return object.get(path);
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            Object inner = object.get(path.substring(0, dot));
            if (inner instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) map;
                Object found = lookup(nested, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw GatewayError.badRequest("Invalid filter: unbalanced quotes");
        }
        if (any) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
