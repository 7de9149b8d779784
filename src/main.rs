fn main() {
  std::process::exit(coopdx::cli::run());
}
