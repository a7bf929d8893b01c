package dev.mfp.daemon.instance.rules;

/**
 * A console line for {@code java.util.regex} that gives up once a deadline has passed: {@link #charAt} checks the
 * clock every 4096 reads and throws {@link OverBudget}, which unwinds the matcher (the standard way to bound a
 * backtracking regex, whose only access to the text is this interface).
 */
final class BudgetedText implements CharSequence {
    /** Thrown out of a match that used up its time; carries no stack trace. */
    static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("regex time budget exceeded", null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final long deadline;
    private int reads;

    BudgetedText(String text, long deadlineNanos) {
        this(text, 0, text.length(), deadlineNanos);
    }

    private BudgetedText(String text, int offset, int length, long deadlineNanos) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.deadline = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
            throw new OverBudget();
        }
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return text.charAt(offset + index);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ")");
        }
        return new BudgetedText(text, offset + start, end - start, deadline);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
