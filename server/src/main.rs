fn main() {
    eprintln!("dynakv: the server is being built");
}
