/** The dashboard's shell: a skip link, the navigation and a hash router over the six pages. */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { BridgePage } from "./pages/bridge";
import { DaoPage } from "./pages/dao";
import { JobPage } from "./pages/job";
import { JobsPage } from "./pages/jobs";
import { ProvenancePage } from "./pages/provenance";
import { ProvidersPage } from "./pages/providers";
import { RegionsPage } from "./pages/regions";
import "./style.css";

const PAGES = [
  { path: "regions", label: "Regions" },
  { path: "jobs", label: "Jobs" },
  { path: "providers", label: "Providers" },
  { path: "bridge", label: "Bridge" },
  { path: "dao", label: "DAO" },
  { path: "provenance", label: "Provenance" },
] as const;

const route = () => location.hash.replace(/^#\/?/, "") || "regions";

function Page(props: { route: string }) {
  const [top, id] = props.route.split("/");
  switch (top) {
    case "jobs":
      return id ? <JobPage id={id} /> : <JobsPage />;
    case "providers":
      return <ProvidersPage />;
    case "bridge":
      return <BridgePage />;
    case "dao":
      return <DaoPage />;
    case "provenance":
      return <ProvenancePage />;
    case "regions":
      return <RegionsPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>No page named “{props.route}”.</p>
        </section>
      );
  }
}

function App() {
  const [current, setCurrent] = useState(route());
  useEffect(() => {
    const onHash = () => {
      setCurrent(route());
      document.getElementById("main")?.focus();
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const top = current.split("/")[0];
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}
      >
        Skip to content
      </a>
      <header>
        <p class="brand">Suanli</p>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={top === p.path ? "page" : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={current} />
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
