import Swansible

/// One simulated CoreOS machine: a systemd container whose sshd is published on loopback.
public struct SimulatedHost: Sendable, Equatable {
    /// Inventory name and host name (`etcd-01`).
    public var name: String
    /// `swansible-<run id>-<name>`.
    public var containerName: String
    /// The sshd port published on 127.0.0.1.
    public var sshPort: Int
    /// The container's address on the cluster's Docker network (its COREOS_PUBLIC_IPV4); other
    /// hosts reach it there, the controller only through `sshPort`.
    public var address: String

    public init(name: String, containerName: String, sshPort: Int, address: String) {
        self.name = name
        self.containerName = containerName
        self.sshPort = sshPort
        self.address = address
    }
}
