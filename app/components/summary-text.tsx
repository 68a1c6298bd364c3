import { parseSummaryMarkdown } from "~/summaries/summary-markdown";

export function SummaryText({ text }: { text: string }) {
  const blocks = parseSummaryMarkdown(text);
  return (
    <div className="summary-text">
      {blocks.map((block, index) => {
        if (block.kind === "heading") return <h3 key={index}>{block.text}</h3>;
        if (block.kind === "paragraph") return <p key={index}>{block.text}</p>;
        return (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>{item}</li>
            ))}
          </ul>
        );
      })}
    </div>
  );
}
