extension ColorMap {
    /// Names accepted by `named(_:)` and by scene files, in presentation order.
    public static let names: [String] = presets.map(\.name)

    /// The map objects get when a scene does not name one: viridis.
    public static let standard = presets[0].map

    /// The preset map called `name`, or nil when there is none.
    public static func named(_ name: String) -> ColorMap? {
        presets.first { $0.name == name }?.map
    }

    /// Five-stop approximations of well-known maps, sampled at 0, ¼, ½, ¾ and 1 (sRGB hex, decoded to linear);
    /// the tests check that every stop parses.
    private static let presets: [(name: String, map: ColorMap)] = [
        ("viridis", ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]),
        ("plasma", ["#0d0887", "#7e03a8", "#cc4778", "#f89540", "#f0f921"]),
        ("magma", ["#000004", "#51127c", "#b73779", "#fc8961", "#fcfdbf"]),
        ("inferno", ["#000004", "#56106e", "#bb3754", "#f98e09", "#fcffa4"]),
        ("cividis", ["#00224e", "#414d6b", "#7c7b78", "#bcaf6f", "#fee838"]),
        ("cool-warm", ["#3b4cc0", "#8db0fe", "#dddddd", "#f49a7b", "#b40426"]),
        ("rainbow", ["#8000ff", "#00b4eb", "#80ffb4", "#ffb462", "#ff0000"]),
        ("ice", ["#04061a", "#2a3a8c", "#3f7fc4", "#8cc8e0", "#eafcfd"]),
        ("fire", ["#000000", "#80160a", "#e0400a", "#ffb020", "#ffffe0"]),
    ].map { name, hexes in (name, ColorMap(stops: hexes.compactMap(RGB.init(hex:)))) }
}
