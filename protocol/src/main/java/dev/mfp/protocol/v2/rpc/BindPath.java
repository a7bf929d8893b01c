package dev.mfp.protocol.v2.rpc;

/** Where binding is, rendered only when it fails. */
record BindPath(BindPath parent, String member, int index) {
    static final BindPath PARAMS = new BindPath(null, "params", -1);

    BindPath member(String name) {
        return new BindPath(this, name, -1);
    }

    BindPath index(int i) {
        return new BindPath(this, null, i);
    }

    InvalidParamsException invalid(String why) {
        return new InvalidParamsException(this + ": " + why);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return member;
        }
        return member != null ? parent + "." + member : parent + "[" + index + "]";
    }
}
