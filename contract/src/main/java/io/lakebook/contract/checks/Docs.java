package io.lakebook.contract.checks;

/**
 * The public pages the checks cite: the Databricks REST API reference, one page per call, and, where no page states
 * a behaviour the SDKs rely on, the Databricks SDK source that does.
 */
final class Docs {

    static final String API = "https://docs.databricks.com/api/workspace/";
    static final String JAVA_SDK = "https://github.com/databricks/databricks-sdk-java/blob/main/databricks-sdk-java/"
            + "src/main/java/com/databricks/sdk/";
    static final String GO_SDK = "https://github.com/databricks/databricks-sdk-go/blob/main/";

    private Docs() {
    }

    /** The API reference page of one call, e.g. {@code api("clusters/get")}. */
    static String api(String call) {
        return API + call;
    }
}
