// Mantine styles of the register, travel and border-desk pages only: loaded with their chunks.
import '@mantine/core/styles/Table.css';
import '@mantine/core/styles/Pagination.css';
import '@mantine/core/styles/Fieldset.css';
import '@mantine/core/styles/SegmentedControl.css';
