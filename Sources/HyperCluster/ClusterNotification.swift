/// One element of a cluster channel listener.
public enum ClusterNotification: Sendable, Equatable {
    /// The listener is (again) listening. Notifications sent while it was not were lost, so the caller
    /// re-reads whatever state the channel announces changes to. The first element of every listener.
    case resynchronize
    /// A notification's payload, as given to `ClusterStore.notify(_:payload:)`.
    case payload(String)
}
